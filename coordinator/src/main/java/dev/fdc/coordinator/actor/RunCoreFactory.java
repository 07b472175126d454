package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import java.util.Optional;

/** Starts the run core of a coordinator incarnation: fresh, or resumed from a checkpoint. */
@FunctionalInterface
public interface RunCoreFactory {

    /**
     * The core for coordinator epoch {@code epoch} (already persisted), resumed from {@code
     * checkpoint} when present.
     */
    RunCorePort start(long epoch, Optional<CheckpointState> checkpoint);
}
