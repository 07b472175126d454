package dev.fdc.coordinator.checkpoint;

/**
 * A write carries an older coordinator epoch than one already on disk: a newer coordinator owns
 * the run, so this (zombie) incarnation must stop. The message names both epochs and the
 * directory.
 */
public final class StaleEpochException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public StaleEpochException(String message) {
        super(message);
    }
}
