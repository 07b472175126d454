package dev.fdc.coordinator.checkpoint;

import java.io.IOException;

/** A checkpoint or manifest file is damaged or incomplete; the message names the file and why. */
public final class CheckpointCorruptException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public CheckpointCorruptException(String message) {
        super(message);
    }

    /** Creates the exception with the underlying cause. */
    public CheckpointCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
