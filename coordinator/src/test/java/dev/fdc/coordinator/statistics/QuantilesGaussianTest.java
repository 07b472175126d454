package dev.fdc.coordinator.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.statistics.Quantiles.TailEstimate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MATH.md §7 case 3: for r(x) = x, x ~ N(m, s²), CVaR_β = m − s φ(z_β)/β and
 * SQ_β = m + s φ(z_β)/(1 − β).
 *
 * <p>Tolerance: the tail-mean estimator has influence function q + (1/β)(r − q)1{r ≤ q} − CVaR, so
 * its standard error is s √V / (β √n) with V = Var((Z − z)1{Z ≤ z}) = β + zφ + z²β − (φ + zβ)² for
 * Z standard normal, z = z_β (SQ_β by the symmetry SQ_β(X) = −CVaR_{1−β}(−X)). We allow 5 standard
 * errors (a two-sided chance below 1e-6 per check for a correct estimator; the seed is fixed anyway)
 * plus 2·s/(βn) for the O(1/n) bias of cutting the tail at an order statistic.
 */
class QuantilesGaussianTest {

    private static final int N = 200_000;
    private static final double M = 1.5;
    private static final double S = 2.0;
    private static double[] sample;

    @BeforeAll
    static void sample() {
        double[] z = StandardNormal.samples(20251122L, N);
        sample = new double[N];
        for (int i = 0; i < N; i++) {
            sample[i] = M + S * z[i];
        }
    }

    private static double standardError(double beta) {
        double z = StandardNormal.quantile(beta);
        double phi = StandardNormal.density(z);
        double v = beta + z * phi + z * z * beta - (phi + z * beta) * (phi + z * beta);
        return S * Math.sqrt(v) / (beta * Math.sqrt(N));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.05, 0.1, 0.25, 0.5, 0.9, 0.99})
    void cvarMatchesGaussianClosedForm(double beta) {
        double z = StandardNormal.quantile(beta);
        double exact = M - S * StandardNormal.density(z) / beta;
        TailEstimate t = Quantiles.of(sample).cvar(beta);
        double tol = 5 * standardError(beta) + 2 * S / (beta * N);
        assertEquals(exact, t.mean(), tol, "CVaR_" + beta);
        assertEquals((int) Math.ceil(beta * N), t.tailCount(), "continuous sample: no ties at q_β");
        assertEquals(N, t.sampleCount());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.1, 0.5, 0.75, 0.9, 0.95, 0.99})
    void superquantileMatchesGaussianClosedForm(double beta) {
        double z = StandardNormal.quantile(beta);
        double exact = M + S * StandardNormal.density(z) / (1 - beta);
        TailEstimate t = Quantiles.of(sample).superquantile(beta);
        double tol = 5 * standardError(1 - beta) + 2 * S / ((1 - beta) * N);
        assertEquals(exact, t.mean(), tol, "SQ_" + beta);
        assertEquals(N - (int) Math.ceil(beta * N) + 1, t.tailCount());
    }

    @Test
    void quantileMatchesGaussianClosedForm() {
        // se of the sample β-quantile: s √(β(1−β)) / (φ(z_β) √n); 5 standard errors.
        for (double beta : new double[] {0.05, 0.5, 0.95}) {
            double z = StandardNormal.quantile(beta);
            double se = S * Math.sqrt(beta * (1 - beta)) / (StandardNormal.density(z) * Math.sqrt(N));
            assertEquals(M + S * z, Quantiles.of(sample).quantile(beta), 5 * se, "q_" + beta);
        }
    }

    @Test
    void toleranceIsTighterThanTheEffectItGuards() {
        // The test would fail if CVaR were confused with the mean or the scale 1/β dropped.
        double beta = 0.1;
        double z = StandardNormal.quantile(beta);
        double gap = S * StandardNormal.density(z) / beta;
        assertTrue(5 * standardError(beta) < 0.05 * gap);
    }
}
