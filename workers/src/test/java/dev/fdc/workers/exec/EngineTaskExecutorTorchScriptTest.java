package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.TimeInput;
import dev.fdc.gpu.torchscript.TorchScriptWriter;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import org.junit.jupiter.api.Test;

/** A TorchScript model spec: the module's bytes come from the content source, once. */
class EngineTaskExecutorTorchScriptTest {

    @Test
    void torchScriptModelGivesTheSameGradientAsTheSameMlp() throws Exception {
        byte[] bytes;
        try (NDManager m = DjlRuntime.newManager("export")) {
            Mlp net = Mlp.create(ExecutorFixtures.NET, m, DataType.FLOAT32, 0, false);
            bytes = TorchScriptWriter.velocityField(
                            net.spec(), TimeInput.T, net.parameters().toMap())
                    .toByteArray();
        }
        ModelSpec spec = ModelSpec.newBuilder()
                .setKind(ModelKind.MODEL_KIND_TORCHSCRIPT)
                .setDim(ExecutorFixtures.DIM)
                .setTorchscript(ContentRef.newBuilder().setContentId("velocity.pt"))
                .build();
        TestingContentSource content = new TestingContentSource().put("velocity.pt", bytes);
        float[] ts;
        float[] mlp;
        try (EngineTaskExecutor e = EngineTaskExecutor.builder()
                .setParameters(ExecutorFixtures.source())
                .setContent(content)
                .setModel(spec)
                .build()) {
            ts = e.adjointMatching(ExecutorFixtures.amTask(1)).gradient();
        }
        try (EngineTaskExecutor e = ExecutorFixtures.executor(ExecutorFixtures.source())) {
            mlp = e.adjointMatching(ExecutorFixtures.amTask(1)).gradient();
        }
        assertEquals(mlp.length, ts.length);
        double num = 0;
        double den = 0;
        for (int i = 0; i < mlp.length; i++) {
            num += (ts[i] - mlp[i]) * (double) (ts[i] - mlp[i]);
            den += mlp[i] * (double) mlp[i];
        }
        // same network and parameter order; only float32 rounding of differently fused ops differs
        assertEquals(0, Math.sqrt(num / den), 1e-4, "relative difference of TorchScript vs MLP gradients");
    }
}
