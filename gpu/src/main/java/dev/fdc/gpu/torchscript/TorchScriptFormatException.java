package dev.fdc.gpu.torchscript;

import java.io.IOException;

/** A file that libtorch cannot load as a TorchScript module; the message names the file and the cause. */
public final class TorchScriptFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code file}. */
    public TorchScriptFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    /** An error about {@code file} caused by a libtorch failure. */
    public TorchScriptFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
