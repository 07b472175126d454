package dev.fdc.coordinator.run;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.ledger.TaskId;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.StatisticsTask;

/**
 * What {@link RunCore#poll} asks its shell to do now: send a task to a worker (the id is the
 * ledger's, epoch included), or write a checkpoint. A re-issued task (lost worker, timeout, retry)
 * comes back with the same id.
 */
public sealed interface Task {

    /** One Adjoint Matching gradient of AM step (k, n). */
    record AdjointMatching(TaskId id, AdjointMatchingTask proto) implements Task {}

    /** Samples and statistics of the current iterate (or of p_pre, for sample sets). */
    record Statistics(TaskId id, StatisticsTask proto) implements Task {}

    /** A Wasserstein-1 critic on samples of p_{k−1} and p_pre. */
    record Critic(TaskId id, CriticTask proto) implements Task {}

    /**
     * A checkpoint is due: write {@code state} (captured when it became due) with a
     * {@code CheckpointStore}. Not a worker task; it has no id.
     */
    record Checkpoint(CheckpointState state) implements Task {}
}
