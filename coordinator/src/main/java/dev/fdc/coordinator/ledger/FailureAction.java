package dev.fdc.coordinator.ledger;

/** What the coordinator does with a task after a reported failure. */
public enum FailureAction {
    /** Re-issue under the same id with the same seed. */
    RETRY,
    /** Re-issue under the same id with a new seed (the seed generation went up by one). */
    RESEED,
    /** Fail the run; {@link TaskLedger#recordFailure} throws {@link TaskFailedException}. */
    FAIL,
    /** The report is not about the task's current attempt (already settled, or stale): nothing to do. */
    IGNORE
}
