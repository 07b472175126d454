package dev.fdc.coordinator.statistics;

/**
 * Self-normalized density-ratio weights for the Rényi divergence of order a (MATH.md §5):
 *
 * <pre>
 *   w_i = (p/p_pre)^(a−1)(x_i) / Σ_j (p/p_pre)^(a−1)(x_j),
 *   Z   = ∫ p^a p_pre^(1−a) = E_p[(p/p_pre)^(a−1)] ≈ (1/n) Σ_i (p/p_pre)^(a−1)(x_i),
 *   D_a = log Z / (a − 1),
 * </pre>
 *
 * for samples x_i ~ p, from log-densities log p(x_i) and log p_pre(x_i) (the reverse
 * probability-flow ODE of §2). Computed with log-sum-exp, so log-ratios of any magnitude neither
 * overflow nor underflow.
 *
 * @param order the Rényi order a (a &gt; 0, a ≠ 1)
 * @param weights self-normalized weights w_i (sum 1)
 * @param logNormalizer log Z
 */
public record RenyiWeights(double order, double[] weights, double logNormalizer) {

    /** Weights and log Z from log p(x_i) and log p_pre(x_i) at the same samples x_i ~ p. */
    public static RenyiWeights of(double order, double[] logDensity, double[] logDensityPre) {
        if (!(order > 0) || order == 1 || !Double.isFinite(order)) {
            throw new IllegalArgumentException("Rényi order must be > 0 and ≠ 1, got " + order);
        }
        if (logDensity.length != logDensityPre.length || logDensity.length == 0) {
            throw new IllegalArgumentException("log-density arrays must be non-empty and of equal length, got "
                    + logDensity.length + " and " + logDensityPre.length);
        }
        int n = logDensity.length;
        double[] logW = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            logW[i] = (order - 1) * (logDensity[i] - logDensityPre[i]);
            if (!Double.isFinite(logW[i])) {
                throw new IllegalArgumentException("log-density ratio at sample " + i + " is not finite");
            }
            max = Math.max(max, logW[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logW[i] - max);
        }
        double logSum = max + Math.log(sum);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(logW[i] - max) / sum;
        }
        return new RenyiWeights(order, w, logSum - Math.log(n));
    }

    /** D_a(p ‖ p_pre) = log Z / (a − 1). */
    public double divergence() {
        return logNormalizer / (order - 1);
    }
}
