package dev.fdc.gpu.schedule;

/**
 * An interpolant X_t = α_t X_1 + β_t X_0 (MATH.md §1; t = 0 is noise, t = 1 is data) and the
 * quantities the memoryless SDE and Adjoint Matching need:
 *
 * <pre>
 *   κ_t = α̇_t / α_t,   η_t = β_t (κ_t β_t − β̇_t),   σ(t) = √(2 η_t),
 *   v(x, t) = κ_t x + η_t s(x, t)   (velocity ↔ score, always with the exact κ_t, η_t).
 * </pre>
 *
 * Where κ or σ is infinite on the grid (the linear schedule at t = 0), {@link #driftKappa} and
 * {@link #noiseSigma} give the offset values the sampler, the adjoint drift and the AM loss use.
 */
public interface Schedule {

    /** A short name for configs and logs ("linear", "vp"). */
    String name();

    /** α_t. */
    double alpha(double t);

    /** β_t. */
    double beta(double t);

    /** κ_t = α̇_t / α_t (exact). */
    double kappa(double t);

    /** η_t = β_t (κ_t β_t − β̇_t) (exact). */
    double eta(double t);

    /** The memoryless noise level σ(t) = √(2 η_t) (exact). */
    default double sigma(double t) {
        return Math.sqrt(2.0 * eta(t));
    }

    /** κ̃ used by the sampler and adjoint drifts on a grid of step h. */
    double driftKappa(double t, double h);

    /** σ̃ used by the sampler's noise and the Adjoint Matching loss on a grid of step h. */
    double noiseSigma(double t, double h);
}
