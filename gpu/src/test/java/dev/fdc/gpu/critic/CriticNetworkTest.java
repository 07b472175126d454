package dev.fdc.gpu.critic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written input gradient of a critic, and the gradient of a loss that contains it. */
class CriticNetworkTest {

    static double[] points(int n, long seed) {
        double[] x = new double[2 * n];
        CounterRng rng = CounterRng.of(seed, Purpose.TEST);
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.5 * rng.nextGaussian();
        }
        return x;
    }

    /** Against libtorch's own VJP with ones, float64: two exact computations agree to rounding (1e-10). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void inputGradientMatchesAutograd(Activation act) {
        try (NDManager m = Engines.manager();
                CriticNetwork c =
                        CriticNetwork.create(new MlpSpec(2, new int[] {12, 7}, 1, act), m, DataType.FLOAT64, 3)) {
            NDArray x = m.create(points(9, 1), new Shape(9, 2));
            double[] expected = Autograd.vjp(c::value, x, m.ones(new Shape(9), DataType.FLOAT64), null)
                    .toDoubleArray();
            double[] actual;
            try (Autograd.Mode ignored = Autograd.disabled()) {
                actual = c.inputGradient(x).toDoubleArray();
            }
            assertArrayEquals(expected, actual, 1e-10, act + " input gradient");
        }
    }

    /**
     * ∂/∂θ of L(θ) = Σ ‖∇_x φ_θ(x)‖² by one first-order backward through the hand-written
     * gradient, against central differences in θ (float64 network; parameters go in through
     * float32 flats, so steps are ±1e-3 rounded to float32 and the difference divides by the
     * actual step; truncation error ~1e-6 relative, gradients read back as float32 ~1e-7): 1e-4
     * relative to the largest component. A missing act'' term would be off by O(1).
     */
    @Test
    void penaltyGradientMatchesDifferences() {
        try (NDManager m = Engines.manager();
                CriticNetwork c = CriticNetwork.create(
                        new MlpSpec(2, new int[] {6, 5}, 1, Activation.TANH), m, DataType.FLOAT64, 4)) {
            NDArray x = m.create(points(5, 2), new Shape(5, 2));
            ParameterSet ps = c.parameters();
            float[] theta = ps.toFlat();
            ps.setRequiresGradient(true);
            float[] grad;
            try (Autograd.Mode ignored = Autograd.enabled()) {
                Autograd.backward(c.inputGradient(x).square().sum());
                grad = ps.takeGradient();
            }
            ps.setRequiresGradient(false);
            double scale = 0;
            for (float g : grad) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int i = 0; i < theta.length; i += 3) {
                float[] plus = theta.clone();
                float[] minus = theta.clone();
                plus[i] = (float) (theta[i] + 1e-3);
                minus[i] = (float) (theta[i] - 1e-3);
                double fd = (loss(c, plus, x) - loss(c, minus, x)) / ((double) plus[i] - (double) minus[i]);
                assertEquals(fd, grad[i], 1e-4 * scale, "∂L/∂θ_" + i);
            }
        }
    }

    private static double loss(CriticNetwork c, float[] theta, NDArray x) {
        c.parameters().fromFlat(theta);
        try (Autograd.Mode ignored = Autograd.disabled()) {
            return c.inputGradient(x).square().sum().getDouble();
        }
    }

    /**
     * The probe behind {@link CriticTrainer}'s javadoc: on DJL 0.33, backward with
     * {@code createGraph = true} gives a differentiable input gradient (a second backward yields
     * the exact second-order parameter gradient, here d/dw Σ (3x² w)² = Σ 18 x⁴ w), but it also
     * accumulates into the parameter's .grad, which the trainer avoids.
     */
    @Test
    void createGraphBackwardIsDifferentiableOnDjl() {
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.enabled()) {
            NDArray w = m.create(new double[] {0.5, -1.5}, new Shape(2));
            w.setRequiresGradient(true);
            NDArray x = m.create(new double[] {1, 2, 3, 4}, new Shape(2, 2));
            x.setRequiresGradient(true);
            NDArray y = x.pow(3).mul(w).sum();
            JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), true, true);
            NDArray g = x.getGradient(); // 3 x² w
            assertArrayEquals(new double[] {1.5, -18, 13.5, -72}, g.toDoubleArray(), 1e-12);
            assertArrayEquals(
                    new double[] {28, 72}, w.getGradient().toDoubleArray(), 1e-12, "first backward pollutes w.grad");
            JniUtils.zeroGrad((PtNDArray) w);
            Autograd.backward(g.square().sum());
            assertArrayEquals(
                    new double[] {18 * (1 + 81) * 0.5, 18 * (16 + 256) * -1.5},
                    w.getGradient().toDoubleArray(),
                    1e-9);
        }
    }

    @Test
    void groundMetricInverse() {
        double[] a = {2, 1, 0.5, 3};
        double[] inv = dev.fdc.numerics.linalg.GaussJordan.inverse(a, 2);
        double det = 2 * 3 - 0.5;
        assertArrayEquals(new double[] {3 / det, -1 / det, -0.5 / det, 2 / det}, inv, 1e-14);
    }

    /** Same inputs and seed, same critic, bit for bit (counter-based randomness, fixed-order Adam). */
    @Test
    void trainingIsReproducible() {
        try (NDManager m = Engines.manager()) {
            CriticConfig c = CriticConfig.defaults(2, 5).withSteps(15);
            float[] p = CriticTrainerTest.gaussian(64, 1, 3);
            float[] q = CriticTrainerTest.gaussian(64, 0, 4);
            CriticResult a = CriticTrainer.train(p, q, c, m);
            CriticResult b = CriticTrainer.train(p, q, c, m);
            assertArrayEquals(a.parameters(), b.parameters());
            assertEquals(a.value(), b.value(), 0.0);
        }
    }
}
