package dev.fdc.coordinator.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Self-normalized Rényi weights and log Z. */
class RenyiWeightsTest {

    @Test
    void matchesDirectComputation() {
        double[] lp = {-1.0, -2.0, -0.5};
        double[] lq = {-1.5, -1.0, -0.5};
        double a = 3;
        RenyiWeights w = RenyiWeights.of(a, lp, lq);
        double[] raw = new double[3];
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            raw[i] = Math.exp((a - 1) * (lp[i] - lq[i]));
            sum += raw[i];
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(raw[i] / sum, w.weights()[i], 1e-15);
        }
        assertEquals(Math.log(sum / 3), w.logNormalizer(), 1e-14);
        assertEquals(Math.log(sum / 3) / (a - 1), w.divergence(), 1e-14);
    }

    @Test
    void stableForHugeLogRatios() {
        // exp((a−1)·800) overflows a double; log-sum-exp must not.
        double[] lp = {800, 801, 700};
        double[] lq = {0, 0, 0};
        RenyiWeights w = RenyiWeights.of(2, lp, lq);
        assertTrue(Double.isFinite(w.logNormalizer()));
        double expected = 801 + Math.log(1 + Math.exp(-1) + Math.exp(-101)) - Math.log(3);
        // log-ratios near 800 carry an absolute rounding of about 800·2⁻⁵² ≈ 2e-13: allow 1e-12.
        assertEquals(expected, w.logNormalizer(), 1e-12);
        assertEquals(1 / (1 + Math.exp(-1) + Math.exp(-101)), w.weights()[1], 1e-15);
    }

    @Test
    void gaussianRenyiDivergence() {
        // p = N(μ, 1), p_pre = N(0, 1): D_a = a μ²/2. For a = 2, Z = e^{μ²}; the ratio p/p_pre under p
        // has variance e^{3μ²} − e^{2μ²}, so se(log Z) = √(e^{μ²} − 1)/√n ≈ 0.0017 at n = 1e5, μ = 0.5;
        // tolerance 5 se on log Z, i.e. 5 se / (a − 1) on D_a.
        double mu = 0.5;
        int n = 100_000;
        double[] z = StandardNormal.samples(99, n);
        double[] lp = new double[n];
        double[] lq = new double[n];
        for (int i = 0; i < n; i++) {
            double x = mu + z[i];
            lp[i] = -0.5 * (x - mu) * (x - mu);
            lq[i] = -0.5 * x * x;
        }
        double se = Math.sqrt(Math.exp(mu * mu) - 1) / Math.sqrt(n);
        assertEquals(2 * mu * mu / 2, RenyiWeights.of(2, lp, lq).divergence(), 5 * se);
    }

    @Test
    void rejectsOrderOneAndMismatchedArrays() {
        assertThrows(IllegalArgumentException.class, () -> RenyiWeights.of(1, new double[1], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> RenyiWeights.of(0, new double[1], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> RenyiWeights.of(2, new double[1], new double[2]));
    }
}
