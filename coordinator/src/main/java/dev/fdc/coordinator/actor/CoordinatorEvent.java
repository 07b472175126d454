package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointKey;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.SkippedCheckpoint;
import java.util.List;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * What a coordinator tells its local observer (the launcher, a test). Local only: the observer
 * lives on the coordinator's node.
 */
public sealed interface CoordinatorEvent extends NoSerializationVerificationNeeded {

    /** The coordinator restored (or not) and runs under {@code epoch}. */
    record Started(long epoch, boolean resumed, List<SkippedCheckpoint> skipped) implements CoordinatorEvent {}

    /** A checkpoint is durable. */
    record CheckpointWritten(CheckpointKey key) implements CoordinatorEvent {}

    /**
     * The run ended: {@code error} is empty on success; {@code state} is the final state (also on
     * failure, for diagnosis; null if the run never started); {@code counters} the run's counters.
     */
    record RunFinished(String error, CheckpointState state, RunCounters counters) implements CoordinatorEvent {

        /** Whether the run completed. */
        public boolean succeeded() {
            return error.isEmpty();
        }
    }
}
