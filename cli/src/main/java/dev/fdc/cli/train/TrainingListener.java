package dev.fdc.cli.train;

import dev.fdc.coordinator.run.RunListener;

/**
 * Receives a run's records as the backend produces them (from one thread at a time): the core's
 * {@link RunListener} records, plus when the run starts.
 */
public interface TrainingListener extends RunListener {

    /** Once, before the first step: K and N (for the progress display). */
    default void onStart(int mirrorSteps, int amStepsPerMirrorStep) {}

    /** Ignores everything. */
    TrainingListener NONE = new TrainingListener() {};
}
