package dev.fdc.coordinator.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link CheckpointStore#restoreLatest()} found.
 *
 * @param state the newest complete, verified checkpoint, if any
 * @param file the data file it came from, if any
 * @param skipped newer checkpoints passed over, newest first, with the reason for each
 */
public record RestoreResult(Optional<CheckpointState> state, Optional<Path> file, List<SkippedCheckpoint> skipped) {

    /** Copies {@code skipped}. */
    public RestoreResult {
        skipped = List.copyOf(skipped);
    }
}
