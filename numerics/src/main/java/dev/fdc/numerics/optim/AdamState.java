package dev.fdc.numerics.optim;

/**
 * Adam's state as flat arrays, for checkpoints and transfer: first and second moments and the
 * number of steps taken.
 */
public record AdamState(float[] firstMoment, float[] secondMoment, long step) {

    /** Deep copy of the arrays, so a snapshot never aliases live state. */
    public AdamState {
        if (firstMoment.length != secondMoment.length) {
            throw new IllegalArgumentException(
                    "moments differ in length: " + firstMoment.length + " vs " + secondMoment.length);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be ≥ 0, got " + step);
        }
        firstMoment = firstMoment.clone();
        secondMoment = secondMoment.clone();
    }
}
