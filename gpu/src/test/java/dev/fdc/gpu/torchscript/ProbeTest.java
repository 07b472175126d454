package dev.fdc.gpu.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.TimeInput;
import dev.fdc.gpu.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() throws Exception {
        MlpSpec spec = new MlpSpec(3, new int[] {4}, 2, Activation.RELU);
        Map<String, float[]> p = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : TorchScriptWriter.parameterShapes(spec).entrySet()) {
            long n = 1;
            for (long d : e.getValue()) n *= d;
            float[] v = new float[(int) n];
            for (int i = 0; i < v.length; i++) v[i] = 0.1f * (i + 1);
            p.put(e.getKey(), v);
        }
        Path f = Files.createTempFile("probe", ".pt");
        TorchScriptWriter.velocityField(spec, TimeInput.T, p).write(f);
        try (NDManager m = Engines.manager()) {
            PtSymbolBlock b = JniUtils.loadModule((PtNDManager) m, f, true, new String[0], new String[0], true);
            NDList params = JniUtils.moduleGetParams(b, (PtNDManager) m);
            for (NDArray a : params) System.out.println(a.getName() + " " + a.getShape() + " rg=" + a.hasGradient());
            NDArray x = m.ones(new ai.djl.ndarray.types.Shape(2, 2));
            NDArray t = m.ones(new ai.djl.ndarray.types.Shape(2));
            NDList out = IValueUtils.forward(b, new NDList(x, t), true);
            System.out.println(out.get(0) + " mgr=" + (out.get(0).getManager() == m));
        }
    }
}
