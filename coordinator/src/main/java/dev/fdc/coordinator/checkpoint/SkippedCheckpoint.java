package dev.fdc.coordinator.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint that {@link CheckpointStore#restoreLatest()} passed over.
 *
 * @param file the data or manifest file at fault
 * @param reason why it was skipped (no manifest, size or SHA-256 mismatch, damaged content, …)
 */
public record SkippedCheckpoint(Path file, String reason) {}
