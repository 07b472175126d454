package dev.fdc.coordinator.mirror;

/** η_k = η for every k (the paper's experiments; η = L gives the O(1/K) rate for concave G). */
public final class ConstantSchedule implements StatelessSchedule {

    private final double eta;

    /** η &gt; 0. */
    public ConstantSchedule(double eta) {
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
        }
        this.eta = eta;
    }

    @Override
    public String name() {
        return "constant";
    }

    @Override
    public double eta(int k) {
        StepSizeSchedule.requireStep(k);
        return eta;
    }
}
