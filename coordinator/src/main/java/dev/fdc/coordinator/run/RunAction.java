package dev.fdc.coordinator.run;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.protocol.v1.Task;

/**
 * What {@link RunCore#poll} asks its shell to do now: hand a task to the next idle worker (a
 * re-issue after a lost worker, a timeout or a retry comes back under the same id), or write a
 * checkpoint.
 */
public sealed interface RunAction {

    /** Give {@code task} to a worker. */
    record Issue(Task task) implements RunAction {}

    /** Write {@code state} (captured when it became due) to the run's checkpoint store. */
    record WriteCheckpoint(CheckpointState state) implements RunAction {}
}
