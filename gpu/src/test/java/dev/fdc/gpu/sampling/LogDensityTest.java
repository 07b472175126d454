package dev.fdc.gpu.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.model.GaussianVelocityField;
import dev.fdc.gpu.pretrain.SampleDistance;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.api.Test;

/**
 * The probability-flow ODE of the exact Gaussian field transports N(0, I) to N(μ, s² I), so its
 * samples have those moments and its log-density is log N(x; μ, s² I) in closed form.
 */
class LogDensityTest {

    static final double[] MU = {1.0, -0.5};
    static final double S = 0.7;

    static double closedForm(double[] x) {
        double q = 0;
        for (int k = 0; k < 2; k++) {
            q += (x[k] - MU[k]) * (x[k] - MU[k]);
        }
        return -Math.log(2 * Math.PI * S * S) - q / (2 * S * S);
    }

    /**
     * Exact trace with Heun on 200 steps in float64: the global error is O(h²) ≈ 2.5e-5 times the
     * integrand's curvature, so 1e-3 absolute on log-densities of order 1 is a wide margin, while
     * a sign error in the divergence integral is off by 2·log(1/s) ≈ 0.7 or more.
     */
    @Test
    void exactTraceMatchesTheClosedForm() {
        try (NDManager m = Engines.manager()) {
            GaussianVelocityField f = new GaussianVelocityField(MU, S, DataType.FLOAT64, m);
            double[] pts = {1, -0.5, 0, 0, 2, 1, 1.3, -1.2};
            NDArray x = m.create(pts, new Shape(4, 2));
            double[] lp = LogDensity.evaluate(f, x, new TimeGrid(200), 0, CounterRng.of(1, Purpose.HUTCHINSON));
            for (int i = 0; i < 4; i++) {
                assertEquals(closedForm(new double[] {pts[2 * i], pts[2 * i + 1]}), lp[i], 1e-3, "log p at point " + i);
            }
        }
    }

    /** Hutchinson probes are unbiased; for this field J = c(t) I and Rademacher zᵀJz = 2c exactly. */
    @Test
    void hutchinsonAgreesForIsotropicJacobian() {
        try (NDManager m = Engines.manager()) {
            GaussianVelocityField f = new GaussianVelocityField(MU, S, DataType.FLOAT64, m);
            NDArray x = m.create(new double[] {0.3, 0.1, -1, 2}, new Shape(2, 2));
            double[] exact = LogDensity.evaluate(f, x, new TimeGrid(50), 0, CounterRng.of(1, Purpose.HUTCHINSON));
            double[] probe = LogDensity.evaluate(f, x, new TimeGrid(50), 3, CounterRng.of(1, Purpose.HUTCHINSON));
            for (int i = 0; i < 2; i++) {
                assertEquals(exact[i], probe[i], 1e-9, "Hutchinson vs exact at point " + i);
            }
        }
    }

    /** ODE samples of N(μ, s² I): 20,000 points, mean to 5 standard errors (0.025), variance to 5 %. */
    @Test
    void odeSamplesHaveTheGaussianMoments() {
        try (NDManager m = Engines.manager()) {
            GaussianVelocityField f = new GaussianVelocityField(MU, S, DataType.FLOAT64, m);
            int n = 20_000;
            float[] x = dev.fdc.gpu.model.ParameterSet.floats(ProbabilityFlowOde.sample(
                    f, n, new TimeGrid(100), OdeSolver.HEUN, CounterRng.of(5, Purpose.TEST), m));
            double[] mean = SampleDistance.mean(x, 2);
            double[] var = SampleDistance.variance(x, 2);
            for (int k = 0; k < 2; k++) {
                assertEquals(MU[k], mean[k], 5 * S / Math.sqrt(n), "mean, dimension " + k);
                assertEquals(S * S, var[k], 0.05 * S * S, "variance, dimension " + k);
            }
        }
    }
}
