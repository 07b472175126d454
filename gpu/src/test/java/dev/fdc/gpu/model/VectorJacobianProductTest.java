package dev.fdc.gpu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.schedule.DdpmTable;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.VpSchedule;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * aᵀ ∂v/∂x by autograd against central finite differences in float64. With step ε = 1e-5 the
 * central difference's truncation error is O(ε²·|v'''|) ≈ 1e-10 and its rounding error
 * O(1e-16/ε) ≈ 1e-11, so 1e-7 (relative to the gradient's scale) leaves a wide margin while a
 * wrong sign, a missing term or a transposed Jacobian is off by O(1).
 */
class VectorJacobianProductTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlp-silu", "mlp-gelu", "mlp-tanh", "vp-eps", "gaussian", "residual"})
    void matchesCentralDifferences(String kind) {
        try (NDManager m = Engines.manager()) {
            VelocityField f = field(kind, m);
            int rows = 5;
            int d = 2;
            double[] x = new double[rows * d];
            double[] a = new double[rows * d];
            CounterRng rng = CounterRng.of(11, Purpose.TEST, kind.hashCode());
            rng.fillGaussian(x);
            rng.fillGaussian(a);
            double[] times = {0.05, 0.3, 0.5, 0.77, 0.95};
            Times t = Times.perRow(times);
            double[] g = Autograd.vjp(
                            y -> f.velocity(y, t),
                            m.create(x, new Shape(rows, d)),
                            m.create(a, new Shape(rows, d)),
                            null)
                    .toDoubleArray();
            double eps = 1e-5;
            double scale = 0;
            for (double v : g) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < rows * d; i++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[i] += eps;
                xm[i] -= eps;
                double[] vp;
                double[] vm;
                try (Autograd.Mode ignored = Autograd.disabled()) {
                    vp = f.velocity(m.create(xp, new Shape(rows, d)), t).toDoubleArray();
                    vm = f.velocity(m.create(xm, new Shape(rows, d)), t).toDoubleArray();
                }
                int row = i / d;
                double fd = 0;
                for (int k = 0; k < d; k++) {
                    fd += a[row * d + k] * (vp[row * d + k] - vm[row * d + k]) / (2 * eps);
                }
                assertEquals(fd, g[i], 1e-7 * Math.max(1, scale), kind + ": VJP component " + i);
            }
            f.close();
        }
    }

    private static VelocityField field(String kind, NDManager m) {
        MlpSpec spec = new MlpSpec(3, new int[] {16, 16}, 2, Activation.SILU);
        switch (kind) {
            case "mlp-silu":
                return MlpVelocityField.create(spec, m, DataType.FLOAT64, 1);
            case "mlp-gelu":
                return MlpVelocityField.create(
                        new MlpSpec(3, new int[] {16, 8}, 2, Activation.GELU), m, DataType.FLOAT64, 2);
            case "mlp-tanh":
                return MlpVelocityField.create(
                        new MlpSpec(3, new int[] {8}, 2, Activation.TANH), m, DataType.FLOAT64, 3);
            case "vp-eps":
                return new NoisePredictorFlow(
                        Mlp.create(spec, m, DataType.FLOAT64, 4, false),
                        VpSchedule.DEFAULT,
                        new DdpmTable(VpSchedule.DEFAULT));
            case "gaussian":
                return new GaussianVelocityField(new double[] {0.5, -1}, 0.7, DataType.FLOAT64, m);
            case "residual":
                return new ResidualVelocityField(
                        new GaussianVelocityField(new double[] {0.5, -1}, 0.7, DataType.FLOAT64, m),
                        new MlpVelocityField(
                                Mlp.create(spec, m, DataType.FLOAT64, 5, false), LinearSchedule.INSTANCE, TimeInput.T));
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
