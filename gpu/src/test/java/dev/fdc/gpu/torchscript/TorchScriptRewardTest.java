package dev.fdc.gpu.torchscript;

import static dev.fdc.gpu.torchscript.TorchScriptFixtures.gaussian;
import static dev.fdc.gpu.torchscript.TorchScriptFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.testing.Engines;
import org.junit.jupiter.api.Test;

/**
 * A reward MLP r(x) written by {@link TorchScriptWriter}: values against fdc's {@link Mlp}
 * (float32, same kernels: 1e-6 of the scale, see {@link TorchScriptVelocityFieldTest}) and ∇r
 * against central differences in float64 (ε = 1e-5: errors ≈ 1e-10, tolerance 1e-7 of the
 * gradient's scale).
 */
class TorchScriptRewardTest {

    private static final int D = 3;
    private static final MlpSpec SPEC = new MlpSpec(D, new int[] {16, 8}, 1, Activation.SILU);

    @Test
    void valuesEqualFdcMlp() throws Exception {
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.disabled()) {
            Mlp mlp = TorchScriptFixtures.mlp(SPEC, m, 21);
            byte[] archive =
                    TorchScriptWriter.reward(SPEC, mlp.parameters().toMap()).toByteArray();
            try (TorchScriptReward r = TorchScriptReward.load(archive, "reward.pt", m)) {
                NDArray x = gaussian(m, DataType.FLOAT32, 40, D, 1);
                NDArray value = r.value(x);
                assertEquals(new Shape(40), value.getShape());
                float[] expected = mlp.forward(x).reshape(-1).toFloatArray();
                assertTrue(relativeError(value.toFloatArray(), expected) < 1e-6);
                assertEquals(x.getManager(), value.getManager());
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferences() throws Exception {
        try (NDManager m = Engines.manager()) {
            Mlp mlp = TorchScriptFixtures.mlp(SPEC, m, 22);
            byte[] archive = TorchScriptWriter.reward(SPEC, mlp.parameters().toMap())
                    .inFloat64()
                    .toByteArray();
            try (TorchScriptReward r = TorchScriptReward.load(archive, "reward64.pt", m)) {
                int rows = 6;
                double[] x = gaussian(rows * D, 2);
                NDArray g = r.gradient(m.create(x, new Shape(rows, D)));
                assertEquals(new Shape(rows, D), g.getShape());
                double[] grad = g.toDoubleArray();
                double scale = 1;
                for (double v : grad) {
                    scale = Math.max(scale, Math.abs(v));
                }
                double eps = 1e-5;
                for (int i = 0; i < rows * D; i++) {
                    double[] xp = x.clone();
                    double[] xm = x.clone();
                    xp[i] += eps;
                    xm[i] -= eps;
                    double fd = (r.value(m.create(xp, new Shape(rows, D))).toDoubleArray()[i / D]
                                    - r.value(m.create(xm, new Shape(rows, D))).toDoubleArray()[i / D])
                            / (2 * eps);
                    assertEquals(fd, grad[i], 1e-7 * scale, "∂r/∂x component " + i);
                }
                assertArrayEquals(
                        new float[(int) SPEC.parameterCount()],
                        r.module().parameters().takeGradient(),
                        "a reward's parameters receive no gradient");
            }
        }
    }
}
