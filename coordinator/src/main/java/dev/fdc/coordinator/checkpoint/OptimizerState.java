package dev.fdc.coordinator.checkpoint;

import java.util.Map;
import java.util.Objects;

/**
 * Adam's state in a checkpoint: first and second moments (flat, aligned with the parameters), the
 * step count, and the learning-rate schedule's state. The arrays are held, not copied: callers hand
 * over arrays they no longer change.
 */
public final class OptimizerState {

    private final float[] m;
    private final float[] v;
    private final long step;
    private final Map<String, Double> learningRateSchedule;

    /**
     * Creates the state.
     *
     * @param m first moments
     * @param v second moments, as long as {@code m}
     * @param step Adam's step count, at least 0
     * @param learningRateSchedule the schedule's named state values
     */
    public OptimizerState(float[] m, float[] v, long step, Map<String, Double> learningRateSchedule) {
        this.m = Objects.requireNonNull(m, "optimizer m");
        this.v = Objects.requireNonNull(v, "optimizer v");
        if (m.length != v.length) {
            throw new IllegalArgumentException(
                    "optimizer v has " + v.length + " values: expected " + m.length + " like optimizer m");
        }
        if (step < 0) {
            throw new IllegalArgumentException("optimizer step = " + step + ": expected at least 0");
        }
        this.step = step;
        this.learningRateSchedule = CheckpointState.sortedCopy(learningRateSchedule, "learningRateSchedule");
    }

    /** First moments. */
    public float[] m() {
        return m;
    }

    /** Second moments. */
    public float[] v() {
        return v;
    }

    /** Adam's step count. */
    public long step() {
        return step;
    }

    /** The learning-rate schedule's state, sorted by key, unmodifiable. */
    public Map<String, Double> learningRateSchedule() {
        return learningRateSchedule;
    }
}
