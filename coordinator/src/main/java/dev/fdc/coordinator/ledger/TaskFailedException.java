package dev.fdc.coordinator.ledger;

/**
 * A task failed more often than its {@link TaskFailurePolicy} allows; the run cannot go on. The
 * message names the task, the failure count and the last cause.
 */
public final class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TaskId taskId;
    private final int failures;

    /** Creates the exception for {@code taskId} after {@code failures} failures. */
    public TaskFailedException(TaskId taskId, int failures, TaskFailurePolicy policy, String worker, String lastCause) {
        super("task " + taskId + " failed " + failures + " times (allowed: " + policy.maxRetries()
                + " retries with the same seed, then one re-seed); last failure"
                + (worker == null ? "" : " on worker '" + worker + "'") + ": " + lastCause);
        this.taskId = taskId;
        this.failures = failures;
    }

    /** The task that failed. */
    public TaskId taskId() {
        return taskId;
    }

    /** How often it failed. */
    public int failures() {
        return failures;
    }
}
