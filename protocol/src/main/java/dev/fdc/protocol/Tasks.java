package dev.fdc.protocol;

import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.Task;
import dev.fdc.protocol.v1.TaskId;

/** The {@link Task} envelope: building one from its kind, and what every kind has (its id). */
public final class Tasks {

    private Tasks() {}

    /** An Adjoint Matching task in its envelope. */
    public static Task of(AdjointMatchingTask task) {
        return Task.newBuilder().setAdjointMatching(task).build();
    }

    /** A statistics task in its envelope. */
    public static Task of(StatisticsTask task) {
        return Task.newBuilder().setStatistics(task).build();
    }

    /** A critic task in its envelope. */
    public static Task of(CriticTask task) {
        return Task.newBuilder().setCritic(task).build();
    }

    /**
     * The task's id.
     *
     * @throws IllegalArgumentException for an empty envelope
     */
    public static TaskId id(Task task) {
        return switch (task.getKindCase()) {
            case ADJOINT_MATCHING -> task.getAdjointMatching().getTaskId();
            case STATISTICS -> task.getStatistics().getTaskId();
            case CRITIC -> task.getCritic().getTaskId();
            case KIND_NOT_SET -> throw new IllegalArgumentException("a task envelope without a task");
        };
    }

    /** The task's id in its printed form (run/e/k/n/i). */
    public static String name(Task task) {
        return TaskIdFormat.format(id(task));
    }
}
