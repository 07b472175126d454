package dev.fdc.coordinator.checkpoint;

import java.io.IOException;

/**
 * A checkpoint is intact but in a format version this build cannot read; it is refused, never
 * skipped, so a resume does not silently fall back to older state.
 */
public final class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int foundVersion;

    /** Creates the exception for {@code source} written in {@code foundVersion}. */
    public CheckpointFormatException(String source, int foundVersion, int minReadable, int current) {
        super("checkpoint " + source + " has format version " + foundVersion
                + "; this build reads format versions " + minReadable + " to " + current
                + " (and writes " + current + "): resume it with a build that reads version "
                + foundVersion + ", or start from an older checkpoint explicitly");
        this.foundVersion = foundVersion;
    }

    /** The format version found in the file. */
    public int foundVersion() {
        return foundVersion;
    }
}
