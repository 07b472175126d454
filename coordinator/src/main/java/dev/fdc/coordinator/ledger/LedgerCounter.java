package dev.fdc.coordinator.ledger;

import java.util.Optional;

/** One counter of the {@link TaskLedger}, with the key it has in exported maps and checkpoints. */
public enum LedgerCounter {
    /** Tasks issued for the first time. */
    ISSUED("issued"),
    /** Re-issues under the same id because the worker died or the task timed out. */
    REISSUED("reissued"),
    /** Gradients applied (at most one per task id). */
    APPLIED("applied"),
    /** Late or repeated gradients of a task already received, applied or discarded. */
    DUPLICATES_DROPPED("duplicatesDropped"),
    /** Gradients of tasks issued by an older coordinator epoch. */
    STALE_EPOCH_DROPPED("staleEpochDropped"),
    /** Async gradients discarded because they exceeded the staleness bound. */
    STALE_VERSION_DROPPED("staleVersionDropped"),
    /** Gradients or tasks discarded because they belong to an earlier mirror step. */
    CROSS_MIRROR_STEP_DROPPED("crossMirrorStepDropped"),
    /** Gradients for ids this ledger never issued (other run, newer epoch, unknown index). */
    UNKNOWN_DROPPED("unknownDropped"),
    /** Task failures reported by workers (NaN, out of memory, exception). */
    FAILURES("failures"),
    /** Re-issues with the same seed after a failure. */
    RETRIES("retries"),
    /** Re-issues with a new seed after the retries ran out. */
    RESEEDS("reseeds");

    private final String key;

    LedgerCounter(String key) {
        this.key = key;
    }

    /** The key in {@link LedgerCounters#toMap()}, stable across versions. */
    public String key() {
        return key;
    }

    /** The counter with this key, if any. */
    public static Optional<LedgerCounter> ofKey(String key) {
        for (LedgerCounter c : values()) {
            if (c.key.equals(key)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
