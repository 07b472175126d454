package dev.fdc.cli.train;

/**
 * The one place that chooses what {@code fdc train} and {@code fdc resume} run on. Wiring a backend
 * is one line in {@link #create()}.
 */
public final class TrainingBackends {

    private TrainingBackends() {}

    /** The backend of this build. */
    public static TrainingBackend create() {
        return new ActorTrainingBackend();
    }
}
