package dev.fdc.coordinator.ledger;

/**
 * Where a task stands in the {@link TaskLedger}.
 *
 * <pre>
 * ISSUED ──assign──▶ ASSIGNED(worker) ──gradient──▶ GRADIENT_RECEIVED ──▶ APPLIED
 *   ▲                   │                                 │
 *   └──worker lost, timeout, retry, re-seed──┘             └──────────────▶ DISCARDED(reason)
 * </pre>
 *
 * <p>{@link #APPLIED} and {@link #DISCARDED} are final: nothing moves a task out of them.
 */
public enum TaskState {
    /** Issued (or re-issued under the same id) and waiting for a worker. */
    ISSUED,
    /** Taken by a worker, which is now computing it. */
    ASSIGNED,
    /** Its gradient arrived complete and valid; not yet applied. */
    GRADIENT_RECEIVED,
    /** Its gradient went into a parameter update. Final. */
    APPLIED,
    /** Settled without an update; see {@link DiscardReason}. Final. */
    DISCARDED;

    /** Whether a worker still has to compute this task. */
    public boolean isOutstanding() {
        return this == ISSUED || this == ASSIGNED;
    }

    /** Whether the task is settled ({@link #APPLIED} or {@link #DISCARDED}). */
    public boolean isFinal() {
        return this == APPLIED || this == DISCARDED;
    }
}
