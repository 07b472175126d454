package dev.fdc.coordinator.mirror;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A KL trust region: η_k adapts so that the measured control cost c_k = E ∫ ½‖u‖² dt of each Adjoint
 * Matching solve (the path KL from p_{k−1} to p_k) stays near a target κ.
 *
 * <p><b>Update.</b> For a small exact step p_k ∝ p_{k−1} exp(g_k/η_k),
 * KL(p_k ‖ p_{k−1}) ≈ Var_{p_{k−1}}(g_k) / (2η_k²), so the η that would have hit the target is
 * η_k √(c_k/κ). After step k:
 *
 * <pre>
 *   η_{k+1} = clamp( η_k · clamp(√(c_k / κ), 1/f, f),  η_min, η_max )
 * </pre>
 *
 * with f = {@code max-factor} &gt; 1 limiting the change per step (a cost of 0, a step that moved
 * nothing, shrinks η by f). η_1 is the configured {@code eta}. The state is (η_{k+1}, k): steps
 * must be reported in order, once each, and {@link #eta(int)} answers only for the next step.
 */
public final class TrustRegionSchedule implements StepSizeSchedule {

    static final String ETA = "eta";
    static final String STEPS = "steps";

    private final double targetKl;
    private final double maxFactor;
    private final double etaMin;
    private final double etaMax;
    private double eta;
    private int steps;

    /** Initial η_1, target κ &gt; 0, max factor f &gt; 1 and bounds 0 &lt; η_min ≤ η_1 ≤ η_max. */
    public TrustRegionSchedule(double eta, double targetKl, double maxFactor, double etaMin, double etaMax) {
        if (!(targetKl > 0)
                || !(maxFactor > 1)
                || !(etaMin > 0)
                || !(etaMax >= etaMin)
                || !(eta >= etaMin && eta <= etaMax)
                || !Double.isFinite(etaMax)) {
            throw new IllegalArgumentException("trust region needs targetKl > 0, maxFactor > 1 and "
                    + "0 < etaMin <= eta <= etaMax < ∞, got targetKl=" + targetKl + ", maxFactor="
                    + maxFactor + ", eta=" + eta + ", etaMin=" + etaMin + ", etaMax=" + etaMax);
        }
        this.targetKl = targetKl;
        this.maxFactor = maxFactor;
        this.etaMin = etaMin;
        this.etaMax = etaMax;
        this.eta = eta;
    }

    @Override
    public String name() {
        return "trust-region";
    }

    @Override
    public double eta(int k) {
        StepSizeSchedule.requireStep(k);
        if (k != steps + 1) {
            throw new IllegalStateException("trust region has recorded " + steps + " steps, so it knows η for step "
                    + (steps + 1) + " only, not " + k);
        }
        return eta;
    }

    @Override
    public void recordControlCost(int k, double pathKl) {
        StepSizeSchedule.requireStep(k);
        if (k != steps + 1) {
            throw new IllegalStateException("expected the control cost of step " + (steps + 1) + ", got step " + k);
        }
        if (!(pathKl >= 0) || !Double.isFinite(pathKl)) {
            throw new IllegalArgumentException("control cost of step " + k + " must be finite and ≥ 0, got " + pathKl);
        }
        double factor = Math.sqrt(pathKl / targetKl);
        factor = Math.max(1 / maxFactor, Math.min(maxFactor, factor));
        eta = Math.max(etaMin, Math.min(etaMax, eta * factor));
        steps = k;
    }

    @Override
    public Map<String, Double> exportState() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(ETA, eta);
        m.put(STEPS, (double) steps);
        return m;
    }

    @Override
    public void importState(Map<String, Double> state) {
        if (!state.keySet().equals(Set.of(ETA, STEPS))) {
            throw new IllegalArgumentException("trust-region state needs exactly the keys "
                    + new TreeSet<>(Set.of(ETA, STEPS)) + ", got " + new TreeSet<>(state.keySet()));
        }
        double e = state.get(ETA);
        double s = state.get(STEPS);
        if (!(e >= etaMin && e <= etaMax)) {
            throw new IllegalArgumentException(
                    "trust-region state eta must be in [" + etaMin + ", " + etaMax + "], got " + e);
        }
        if (!(s >= 0) || s != Math.rint(s) || s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("trust-region state steps must be an integer ≥ 0, got " + s);
        }
        this.eta = e;
        this.steps = (int) s;
    }
}
