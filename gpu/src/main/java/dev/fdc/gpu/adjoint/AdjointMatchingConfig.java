package dev.fdc.gpu.adjoint;

/**
 * The size of one Adjoint Matching gradient computation.
 *
 * @param trajectories m, trajectories sampled per computation
 * @param steps L, grid intervals of the sampler and the adjoint
 * @param lastTimes time indices closest to data always in the loss subset
 * @param randomTimes further time indices drawn uniformly from the rest
 */
public record AdjointMatchingConfig(int trajectories, int steps, int lastTimes, int randomTimes) {

    /** Validates sizes. */
    public AdjointMatchingConfig {
        if (trajectories < 1) {
            throw new IllegalArgumentException("trajectories must be ≥ 1, got " + trajectories);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be ≥ 2, got " + steps);
        }
        if (lastTimes < 1 || lastTimes > steps || randomTimes < 0 || randomTimes > steps - lastTimes) {
            throw new IllegalArgumentException(
                    "time subset sizes last = " + lastTimes + ", random = " + randomTimes + " do not fit L = " + steps);
        }
    }

    /** m trajectories on L steps with the default subset (⌊L/4⌋ last + ⌊L/4⌋ random). */
    public static AdjointMatchingConfig of(int trajectories, int steps) {
        int part = TimeSubset.defaultPart(steps);
        return new AdjointMatchingConfig(trajectories, steps, part, Math.min(part, steps - part));
    }
}
