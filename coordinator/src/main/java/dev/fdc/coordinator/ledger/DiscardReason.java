package dev.fdc.coordinator.ledger;

/** Why a task was settled without applying its gradient. */
public enum DiscardReason {
    /** Asynchronous mode: {@code v_now − v_task} exceeded the staleness bound. */
    TOO_STALE,
    /** Computed against the base of a previous mirror step; mirror steps are barriers. */
    PREVIOUS_MIRROR_STEP,
    /** Failed more often than the failure policy allows; the run fails with it. */
    FAILED
}
