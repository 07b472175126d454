package dev.fdc.cli;

/**
 * An error the user caused outside the HOCON config: a flag, a file, a run directory. The message
 * starts with what is wrong ({@code --hidden}, a file name, a key) and says what was expected;
 * {@link Fdc} prints it and exits with code 2. Config errors are Typesafe
 * {@link com.typesafe.config.ConfigException}s and get the same treatment.
 */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String subject;

    /** An error about {@code subject}: "{@code subject}: {@code message}". */
    public BadInputException(String subject, String message) {
        super(subject + ": " + message);
        this.subject = subject;
    }

    /** An error about {@code subject} caused by {@code cause}. */
    public BadInputException(String subject, String message, Throwable cause) {
        super(subject + ": " + message, cause);
        this.subject = subject;
    }

    /** The flag, file or key the error is about. */
    public String subject() {
        return subject;
    }
}
