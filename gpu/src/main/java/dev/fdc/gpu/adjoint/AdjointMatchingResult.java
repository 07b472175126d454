package dev.fdc.gpu.adjoint;

/**
 * What one Adjoint Matching computation returns to whoever applies it.
 *
 * @param gradient ∇θ of the (clipped) AM loss, flat in parameter order
 * @param perSampleLoss each trajectory's loss (1/|S|) Σ_{k∈S} ‖…‖², before clipping
 * @param loss the mean of the kept per-sample losses over all m trajectories
 * @param clipped trajectories whose loss exceeded the threshold (no gradient)
 * @param rewardMean mean terminal reward r(X̂_1) of the sampled trajectories
 * @param controlCost E Σ_j h ½ ‖2 (v_θ − v_base)(X_j, t_j) / σ̃(t_j)‖², the path KL to the base
 * @param sampleNanos time spent sampling
 * @param adjointNanos time spent on the lean adjoint
 * @param lossNanos time spent on the loss forward and backward
 */
public record AdjointMatchingResult(
        float[] gradient,
        float[] perSampleLoss,
        double loss,
        int clipped,
        double rewardMean,
        double controlCost,
        long sampleNanos,
        long adjointNanos,
        long lossNanos) {

    /** Number of trajectories. */
    public int samples() {
        return perSampleLoss.length;
    }
}
