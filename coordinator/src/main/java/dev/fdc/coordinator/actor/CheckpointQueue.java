package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import java.util.Optional;

/**
 * The coordinator's checkpoint writes: one at a time, from immutable snapshots; a checkpoint that
 * becomes due while one is being written waits, and a later one replaces it (only the newest
 * matters). Not thread-safe: the coordinator actor owns it.
 */
final class CheckpointQueue {

    private boolean writing;
    private CheckpointState waiting;

    /** Offers a due checkpoint; returns it if it should be written now (nothing else is being written). */
    Optional<CheckpointState> offer(CheckpointState state) {
        if (writing) {
            waiting = state;
            return Optional.empty();
        }
        writing = true;
        return Optional.of(state);
    }

    /** The write in progress ended; returns the waiting checkpoint to write next, if any. */
    Optional<CheckpointState> finished() {
        writing = false;
        if (waiting == null) {
            return Optional.empty();
        }
        CheckpointState next = waiting;
        waiting = null;
        writing = true;
        return Optional.of(next);
    }

    /** Whether nothing is being written or waiting. */
    boolean idle() {
        return !writing && waiting == null;
    }
}
