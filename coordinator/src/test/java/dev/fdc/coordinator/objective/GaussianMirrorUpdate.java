package dev.fdc.coordinator.objective;

/**
 * The closed-form FDC mirror step for G = H(p) − α KL(p ‖ p_pre) on Gaussians (MATH.md §7 case 2):
 * with precisions τ = 1/variance and γ = 1/η, an exact step p_k ∝ p_{k−1} exp(γ g_k) keeps p
 * Gaussian with
 *
 * <pre>
 *   τ_k = (1 − γ(1 + α)) τ_{k−1} + γ α τ_pre,   fixed point variance s² (1 + α)/α (τ_pre = 1/s²).
 * </pre>
 *
 * Derivation: ∇g_k = −(1 + α) s_{k−1} + α s_pre = ((1 + α) τ_{k−1} − α τ_pre)(x − μ), so γ g_k is
 * a quadratic that lowers the precision by γ((1 + α) τ_{k−1} − α τ_pre).
 */
final class GaussianMirrorUpdate {

    private GaussianMirrorUpdate() {}

    /** τ_k from τ_{k−1}. */
    static double nextPrecision(double tauPrevious, double tauPre, double alpha, double gamma) {
        return (1 - gamma * (1 + alpha)) * tauPrevious + gamma * alpha * tauPre;
    }

    /** The fixed-point variance s² (1 + α)/α. */
    static double fixedPointVariance(double preVariance, double alpha) {
        return preVariance * (1 + alpha) / alpha;
    }
}
