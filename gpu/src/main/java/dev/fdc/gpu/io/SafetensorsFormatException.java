package dev.fdc.gpu.io;

import java.io.IOException;

/** A file that is not valid safetensors; the message names the file and what is wrong. */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code file}. */
    public SafetensorsFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
