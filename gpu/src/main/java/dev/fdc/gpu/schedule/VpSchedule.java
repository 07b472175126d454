package dev.fdc.gpu.schedule;

/**
 * The variance-preserving schedule of imported noise predictors, in diffusion time τ = 1 − t:
 * β(τ) = β_min + (β_max − β_min) τ, ᾱ(τ) = exp(−β_min τ − ½ (β_max − β_min) τ²),
 * α_t = √ᾱ(τ), β_t = √(1 − ᾱ(τ)), κ_t = η_t = ½ β(τ), σ(t)² = β(τ). Finite everywhere, so the
 * grid uses the exact values. α_0 ≈ 0.049 for the defaults: only approximately memoryless.
 */
public final class VpSchedule implements Schedule {

    /** The schedule of the paper's toy models: β_min = 0.1, β_max = 12. */
    public static final VpSchedule DEFAULT = new VpSchedule(0.1, 12.0);

    private final double betaMin;
    private final double betaMax;

    /** A VP schedule with the given β range. */
    public VpSchedule(double betaMin, double betaMax) {
        if (!(betaMin > 0) || !(betaMax > betaMin)) {
            throw new IllegalArgumentException(
                    "VP schedule needs 0 < beta_min < beta_max, got " + betaMin + ", " + betaMax);
        }
        this.betaMin = betaMin;
        this.betaMax = betaMax;
    }

    public double betaMin() {
        return betaMin;
    }

    public double betaMax() {
        return betaMax;
    }

    @Override
    public String name() {
        return "vp";
    }

    /** β(τ), the noise rate in diffusion time. */
    public double betaOfTau(double tau) {
        return betaMin + (betaMax - betaMin) * tau;
    }

    /** ᾱ(τ) of the continuous schedule. */
    public double alphaBar(double tau) {
        return Math.exp(-betaMin * tau - 0.5 * (betaMax - betaMin) * tau * tau);
    }

    @Override
    public double alpha(double t) {
        return Math.sqrt(alphaBar(1.0 - t));
    }

    @Override
    public double beta(double t) {
        return Math.sqrt(1.0 - alphaBar(1.0 - t));
    }

    @Override
    public double kappa(double t) {
        return 0.5 * betaOfTau(1.0 - t);
    }

    @Override
    public double eta(double t) {
        return kappa(t);
    }

    @Override
    public double driftKappa(double t, double h) {
        return kappa(t);
    }

    @Override
    public double noiseSigma(double t, double h) {
        return sigma(t);
    }

    @Override
    public String toString() {
        return "vp(" + betaMin + ", " + betaMax + ")";
    }
}
