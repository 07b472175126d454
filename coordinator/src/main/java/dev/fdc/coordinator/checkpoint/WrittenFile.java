package dev.fdc.coordinator.checkpoint;

import java.nio.file.Path;

/**
 * A file {@link AtomicFileWriter} made durable.
 *
 * @param path where it now is
 * @param bytes its size in bytes
 * @param sha256 the SHA-256 of its content, lower-case hex
 */
public record WrittenFile(Path path, long bytes, String sha256) {}
