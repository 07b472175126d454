package dev.fdc.gpu.schedule;

/**
 * The linear (flow-matching) schedule α_t = t, β_t = 1 − t: κ_t = 1/t, η_t = (1 − t)/t,
 * σ(t)² = 2(1 − t)/t. On a grid of step h the sampler uses σ̃(t) = √(2(1 − t + h)/(t + h))
 * (the Adjoint Matching paper's offset) and κ̃_t = 1/(t + h) (fdc's convention, MATH.md §1).
 */
public final class LinearSchedule implements Schedule {

    /** The shared instance (the schedule has no parameters). */
    public static final LinearSchedule INSTANCE = new LinearSchedule();

    private LinearSchedule() {}

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public double alpha(double t) {
        return t;
    }

    @Override
    public double beta(double t) {
        return 1.0 - t;
    }

    @Override
    public double kappa(double t) {
        return 1.0 / t;
    }

    @Override
    public double eta(double t) {
        return (1.0 - t) / t;
    }

    @Override
    public double driftKappa(double t, double h) {
        return 1.0 / (t + h);
    }

    @Override
    public double noiseSigma(double t, double h) {
        return Math.sqrt(2.0 * (1.0 - t + h) / (t + h));
    }

    @Override
    public String toString() {
        return "linear";
    }
}
