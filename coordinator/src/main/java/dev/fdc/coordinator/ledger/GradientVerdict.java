package dev.fdc.coordinator.ledger;

/** What {@link TaskLedger#receiveGradient} decided about an arriving gradient. */
public enum GradientVerdict {
    /** First gradient for a live task: the task is now {@link TaskState#GRADIENT_RECEIVED}. */
    ACCEPTED,
    /** A gradient for this id was already received, applied or discarded: dropped and counted. */
    DUPLICATE,
    /** Issued by an older coordinator epoch: dropped and counted. */
    STALE_EPOCH,
    /** Not a task of this ledger (other run, newer epoch, never issued): dropped and counted. */
    UNKNOWN_TASK;

    /** Whether the gradient should go on to be applied. */
    public boolean isAccepted() {
        return this == ACCEPTED;
    }
}
