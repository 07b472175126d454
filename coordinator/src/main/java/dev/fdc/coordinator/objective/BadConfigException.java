package dev.fdc.coordinator.objective;

import com.typesafe.config.ConfigException;

/**
 * A configuration error a user caused: an unknown key or type, a missing value, a value out of
 * range or of the wrong shape. The message starts with the full key path (for example
 * {@code fdc.objective.terms[1].beta}) and says what was expected; the launcher maps this exception
 * to exit code 2.
 */
public final class BadConfigException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final String path;

    /** An error at {@code path}: "{@code path}: {@code message}". */
    public BadConfigException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** The full key path of the offending value. */
    public String path() {
        return path;
    }
}
