package dev.fdc.coordinator.run;

/** Receives a run's metrics as they are produced, on the core's (single) thread. */
public interface RunListener {

    /** After each optimizer update. */
    default void onAmStep(AmStepRecord record) {}

    /** After each estimation phase. */
    default void onMirrorStep(MirrorStepRecord record) {}

    /** Ignores everything. */
    RunListener NONE = new RunListener() {};
}
