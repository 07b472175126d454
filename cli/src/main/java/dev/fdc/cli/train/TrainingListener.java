package dev.fdc.cli.train;

import java.util.Map;

/** Receives a run's metrics as the backend produces them (from one thread at a time). */
public interface TrainingListener {

    /** Once, before the first step: K and N (for the progress bar) and the first k and n to run. */
    default void onStart(int mirrorSteps, int amStepsPerMirrorStep, int firstMirrorStep, int firstAmStep) {}

    /** After each optimizer update n of mirror step k (loss, reward, control cost, gradient norm, ...). */
    default void onAmStep(int k, int n, Map<String, Double> metrics) {}

    /**
     * After each estimation phase at the start of mirror step k (and for p_K with k = K + 1): the
     * objective and its terms' values.
     */
    default void onMirrorStep(int k, Map<String, Double> metrics) {}

    /** After a checkpoint was written (for log lines). */
    default void onCheckpoint(int k, int n) {}

    /** Ignores everything. */
    TrainingListener NONE = new TrainingListener() {};
}
