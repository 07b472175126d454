package dev.fdc.gpu.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.schedule.DdpmTable;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.VpSchedule;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.gpu.torchscript.TorchScriptVelocityField;
import dev.fdc.gpu.torchscript.TorchScriptWriter;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import org.junit.jupiter.api.Test;

/** Building velocity fields from ModelSpec messages, and refusing bad specs by field name. */
class ModelFactoryTest {

    static ModelSpec mlp(int d, String activation, int... hidden) {
        MlpArchitecture.Builder a =
                MlpArchitecture.newBuilder().setInputDim(d + 1).setOutputDim(d).setActivation(activation);
        for (int h : hidden) {
            a.addHidden(h);
        }
        return ModelSpec.newBuilder()
                .setKind(ModelKind.MODEL_KIND_MLP)
                .setDim(d)
                .setArchitecture(a)
                .build();
    }

    @Test
    void mlpSpecBuildsAVelocityMlpOnTheLinearScheduleWithTheRightParameterCount() {
        ModelSpec spec = mlp(2, "silu", 16, 8);
        long expected = 3 * 16 + 16 + 16 * 8 + 8 + 8 * 2 + 2;
        assertEquals(expected, ModelFactory.parameterCount(spec));
        try (NDManager m = Engines.manager();
                VelocityField f = ModelFactory.create(spec, m)) {
            assertInstanceOf(MlpVelocityField.class, f);
            assertEquals(2, f.dim());
            assertEquals(LinearSchedule.INSTANCE, f.schedule());
            assertEquals(expected, f.parameters().size());
            try (NDManager it = m.newSubManager();
                    Autograd.Mode ignored = Autograd.disabled()) {
                NDArray v = f.velocity(it.zeros(new Shape(5, 2), DataType.FLOAT32), Times.uniform(0.5, 5));
                assertEquals(new Shape(5, 2), v.getShape());
            }
        }
    }

    @Test
    void vpEpsSpecBuildsANoisePredictorFlowWithItsBetasAndTable() {
        ModelSpec spec = mlp(2, "relu", 8).toBuilder()
                .setKind(ModelKind.MODEL_KIND_VP_EPS)
                .setSchedule("vp")
                .setTimeInput("tau")
                .setVpBetaMin(0.2)
                .setVpBetaMax(10)
                .setDdpmTable(true)
                .build();
        try (NDManager m = Engines.manager();
                VelocityField f = ModelFactory.create(spec, m)) {
            NoisePredictorFlow flow = assertInstanceOf(NoisePredictorFlow.class, f);
            assertEquals(0.2, flow.schedule().betaMin());
            assertEquals(10, flow.schedule().betaMax());
            DdpmTable table = new DdpmTable(new VpSchedule(0.2, 10));
            assertEquals(table.sigmaAt(0.3), flow.noiseStd(0.3), 0.0, "σ from the discrete table");
        }
        ModelSpec continuous = spec.toBuilder()
                .setDdpmTable(false)
                .clearVpBetaMin()
                .clearVpBetaMax()
                .build();
        try (NDManager m = Engines.manager();
                VelocityField f = ModelFactory.create(continuous, m)) {
            NoisePredictorFlow flow = (NoisePredictorFlow) f;
            assertEquals(
                    VpSchedule.DEFAULT.betaMax(), flow.schedule().betaMax(), "unset betas: the paper's 0.1 and 12");
            assertEquals(Math.sqrt(1 - VpSchedule.DEFAULT.alphaBar(0.7)), flow.noiseStd(0.3), 1e-12);
        }
    }

    @Test
    void torchScriptSpecLoadsTheModuleAndMatchesTheSameMlp() throws Exception {
        ModelSpec mlpSpec = mlp(2, "relu", 8);
        try (NDManager m = Engines.manager()) {
            Mlp net = Mlp.create(ModelFactory.mlpSpec(mlpSpec), m, DataType.FLOAT32, 7, false);
            byte[] bytes = TorchScriptWriter.velocityField(
                            net.spec(), TimeInput.T, net.parameters().toMap())
                    .toByteArray();
            ModelSpec spec = ModelSpec.newBuilder()
                    .setKind(ModelKind.MODEL_KIND_TORCHSCRIPT)
                    .setDim(2)
                    .setTorchscript(ContentRef.newBuilder().setContentId("model.pt"))
                    .setParameterCount(net.parameters().size())
                    .build();
            try (VelocityField ts = ModelFactory.create(spec, bytes, m);
                    NDManager it = m.newSubManager();
                    Autograd.Mode ignored = Autograd.disabled()) {
                assertInstanceOf(TorchScriptVelocityField.class, ts);
                MlpVelocityField direct = new MlpVelocityField(net, LinearSchedule.INSTANCE, TimeInput.T);
                NDArray x = it.create(new float[] {0.1f, -0.2f, 1.5f, 0.3f}, new Shape(2, 2));
                float[] a = direct.velocity(x, Times.uniform(0.4, 2)).toFloatArray();
                float[] b = ts.velocity(x, Times.uniform(0.4, 2)).toFloatArray();
                assertArrayEquals(a, b, 1e-6f, "TorchScript export of the same MLP, float32 rounding");
            }
            ModelSpec wrongCount = ModelSpec.newBuilder()
                    .setKind(ModelKind.MODEL_KIND_TORCHSCRIPT)
                    .setDim(2)
                    .setTorchscript(ContentRef.newBuilder().setContentId("model.pt"))
                    .setParameterCount(3)
                    .build();
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ModelFactory.create(wrongCount, bytes, m));
            assertTrue(e.getMessage().contains("parameter_count"), e.getMessage());
        }
    }

    @Test
    void badSpecsAreRefusedNamingTheField() {
        ModelSpec good = mlp(2, "relu", 8);
        assertField("dim", good.toBuilder().setDim(0).build());
        assertField(
                "kind",
                good.toBuilder().setKind(ModelKind.MODEL_KIND_UNSPECIFIED).build());
        assertField(
                "architecture.input_dim",
                good.toBuilder()
                        .setArchitecture(good.getArchitecture().toBuilder().setInputDim(2))
                        .build());
        assertField(
                "architecture.output_dim",
                good.toBuilder()
                        .setArchitecture(good.getArchitecture().toBuilder().setOutputDim(3))
                        .build());
        assertField(
                "architecture.hidden[0]",
                good.toBuilder()
                        .setArchitecture(good.getArchitecture().toBuilder().setHidden(0, 0))
                        .build());
        assertField("architecture.activation", mlp(2, "swish", 8));
        assertField("architecture", good.toBuilder().clearArchitecture().build());
        assertField("schedule", good.toBuilder().setSchedule("vp").build());
        assertField("time_input", good.toBuilder().setTimeInput("s").build());
        assertField("parameter_count", good.toBuilder().setParameterCount(5).build());
        ModelSpec vp = good.toBuilder().setKind(ModelKind.MODEL_KIND_VP_EPS).build();
        assertField(
                "vp_beta_max", vp.toBuilder().setVpBetaMin(1).setVpBetaMax(0.5).build());
        assertField(
                "vp_beta_min", vp.toBuilder().setVpBetaMin(-1).setVpBetaMax(5).build());
        assertField("time_input", vp.toBuilder().setTimeInput("t").build());
        assertField(
                "torchscript.content_id",
                ModelSpec.newBuilder()
                        .setKind(ModelKind.MODEL_KIND_TORCHSCRIPT)
                        .setDim(2)
                        .build());
    }

    private static void assertField(String field, ModelSpec spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFactory.validate(spec));
        assertTrue(
                e.getMessage().contains("'" + field + "'"),
                "expected the message to name '" + field + "': " + e.getMessage());
    }
}
