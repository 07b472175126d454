package dev.fdc.cli.train;

/**
 * The one place that chooses what {@code fdc train} and {@code fdc resume} run on. Wiring a backend
 * is one line in {@link #create()}.
 */
public final class TrainingBackends {

    private TrainingBackends() {}

    /** The backend of this build. */
    public static TrainingBackend create() {
        return new ActorTrainingBackend(false);
    }

    /** This machine's node of a cluster run: coordinator singleton (role permitting) plus local workers. */
    public static TrainingBackend cluster() {
        return new ActorTrainingBackend(true);
    }

    /** Engine executors for worker nodes ({@code fdc worker}), each on its worker's device. */
    public static dev.fdc.workers.actor.TaskExecutorFactory engineExecutors() {
        return ActorTrainingBackend.engineExecutors();
    }
}
