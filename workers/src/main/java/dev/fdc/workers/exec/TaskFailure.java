package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.FailureKind;

/** A task that could not be computed: reported to the coordinator as TaskFailed, never a crash. */
public final class TaskFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final boolean retryable;

    /** A failure of the given kind; retryable failures may succeed when run again. */
    public TaskFailure(FailureKind kind, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
    }

    public FailureKind kind() {
        return kind;
    }

    public boolean retryable() {
        return retryable;
    }
}
