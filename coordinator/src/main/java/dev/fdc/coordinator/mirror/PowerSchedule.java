package dev.fdc.coordinator.mirror;

/**
 * η_k = η_0 k^a with a ∈ (½, 1]: the step 1/η_k satisfies Robbins–Monro, Σ 1/η_k = ∞ (a ≤ 1) and
 * Σ 1/η_k² &lt; ∞ (a &gt; ½), which gives convergence to a stationary point for non-concave G.
 */
public final class PowerSchedule implements StatelessSchedule {

    private final double eta0;
    private final double exponent;

    /** η_0 &gt; 0 and a ∈ (½, 1]. */
    public PowerSchedule(double eta0, double exponent) {
        if (!(eta0 > 0) || !Double.isFinite(eta0)) {
            throw new IllegalArgumentException("eta must be finite and > 0, got " + eta0);
        }
        if (!(exponent > 0.5 && exponent <= 1)) {
            throw new IllegalArgumentException("exponent must be in (0.5, 1], got " + exponent);
        }
        this.eta0 = eta0;
        this.exponent = exponent;
    }

    @Override
    public String name() {
        return "power";
    }

    @Override
    public double eta(int k) {
        StepSizeSchedule.requireStep(k);
        return eta0 * Math.pow(k, exponent);
    }
}
