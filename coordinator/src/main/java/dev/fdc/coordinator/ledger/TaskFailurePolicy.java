package dev.fdc.coordinator.ledger;

/**
 * Decides what follows a task failure: retry at most {@code maxRetries} times with the same seed,
 * then re-seed once, then fail the run.
 *
 * <p>With {@code f} the number of failures of a task including the one being decided: {@code f ≤
 * R} → {@link FailureAction#RETRY}; {@code f = R + 1} → {@link FailureAction#RESEED}; {@code f ≥
 * R + 2} → {@link FailureAction#FAIL}. A task therefore runs at most {@code R + 2} times.
 *
 * @param maxRetries {@code R}, the retries with the same seed, at least 0
 */
public record TaskFailurePolicy(int maxRetries) {

    /** Checks {@code maxRetries ≥ 0}. */
    public TaskFailurePolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries = " + maxRetries + ": expected at least 0");
        }
    }

    /** The action after the {@code failures}-th failure of a task ({@code failures ≥ 1}). */
    public FailureAction decide(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures = " + failures + ": expected at least 1");
        }
        if (failures <= maxRetries) {
            return FailureAction.RETRY;
        }
        return failures == maxRetries + 1 ? FailureAction.RESEED : FailureAction.FAIL;
    }

    /** The most times a task runs: {@code R + 2} (first run, R retries, one re-seeded run). */
    public int maxAttempts() {
        return maxRetries + 2;
    }
}
