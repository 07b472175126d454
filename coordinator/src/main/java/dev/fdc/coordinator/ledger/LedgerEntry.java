package dev.fdc.coordinator.ledger;

import java.util.Optional;

/** The ledger's mutable record of one task. Package-private: only {@link TaskLedger} changes it. */
final class LedgerEntry {

    final TaskKey id;
    TaskState state = TaskState.ISSUED;
    /** Worker of the current or last assignment; null if never assigned. */
    String worker;
    /** Clock millis of the last issue, re-issue or assignment: where the timeout counts from. */
    long sinceMillis;

    int failures;
    int seedGeneration;
    DiscardReason discardReason;

    LedgerEntry(TaskKey id, long nowMillis) {
        this.id = id;
        this.sinceMillis = nowMillis;
    }

    void reissue(long nowMillis) {
        state = TaskState.ISSUED;
        sinceMillis = nowMillis;
    }

    void discard(DiscardReason reason) {
        state = TaskState.DISCARDED;
        discardReason = reason;
    }

    TaskStatus snapshot() {
        return new TaskStatus(
                id, state, Optional.ofNullable(worker), Optional.ofNullable(discardReason), failures, seedGeneration);
    }
}
