package dev.fdc.coordinator.ledger;

/** What {@link TaskLedger#acceptForApply} decided about a received gradient in async mode. */
public enum ApplyDecision {
    /** Apply it now; the task is {@link TaskState#APPLIED}. */
    APPLY,
    /** Discarded: {@code v_now − v_task > s}. */
    DISCARD_TOO_STALE,
    /** Discarded: computed in an earlier mirror step. */
    DISCARD_PREVIOUS_MIRROR_STEP,
    /** The task is already applied or discarded: this is a late duplicate, dropped. */
    DUPLICATE;

    /** Whether the caller should apply the gradient. */
    public boolean isApply() {
        return this == APPLY;
    }
}
