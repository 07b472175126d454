package dev.fdc.coordinator.checkpoint;

import java.util.Objects;

/**
 * Adam's state in a checkpoint: first and second moments (flat, aligned with the parameters) and
 * the step count. The arrays are held, not copied: callers hand over arrays they no longer change.
 *
 * @param m first moments
 * @param v second moments, as long as {@code m}
 * @param step Adam's step count, at least 0
 */
public record OptimizerState(float[] m, float[] v, long step) {

    /** Checks the lengths and the step. */
    public OptimizerState {
        Objects.requireNonNull(m, "optimizer m");
        Objects.requireNonNull(v, "optimizer v");
        if (m.length != v.length) {
            throw new IllegalArgumentException(
                    "optimizer v has " + v.length + " values: expected " + m.length + " like optimizer m");
        }
        if (step < 0) {
            throw new IllegalArgumentException("optimizer step = " + step + ": expected at least 0");
        }
    }
}
