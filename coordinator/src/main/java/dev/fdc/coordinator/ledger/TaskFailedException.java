package dev.fdc.coordinator.ledger;

/**
 * A task failed more often than its {@link TaskFailurePolicy} allows; the run cannot go on. The
 * message names the task, the failure count and the last cause.
 */
public final class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TaskKey taskId;
    private final int failures;

    /** The exception for a failure reported as permanent (not retryable: retrying cannot help). */
    public static TaskFailedException permanent(TaskKey taskId, String worker, String cause) {
        return new TaskFailedException(
                taskId,
                1,
                "task " + taskId + " failed permanently" + (worker == null ? "" : " on worker '" + worker + "'")
                        + " (not retried: the failure is reported as not retryable): " + cause);
    }

    private TaskFailedException(TaskKey taskId, int failures, String message) {
        super(message);
        this.taskId = taskId;
        this.failures = failures;
    }

    /** Creates the exception for {@code taskId} after {@code failures} failures. */
    public TaskFailedException(
            TaskKey taskId, int failures, TaskFailurePolicy policy, String worker, String lastCause) {
        super("task " + taskId + " failed " + failures + " times (allowed: " + policy.maxRetries()
                + " retries with the same seed, then one re-seed); last failure"
                + (worker == null ? "" : " on worker '" + worker + "'") + ": " + lastCause);
        this.taskId = taskId;
        this.failures = failures;
    }

    /** The task that failed. */
    public TaskKey taskId() {
        return taskId;
    }

    /** How often it failed. */
    public int failures() {
        return failures;
    }
}
