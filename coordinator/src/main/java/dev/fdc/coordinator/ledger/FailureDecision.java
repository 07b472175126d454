package dev.fdc.coordinator.ledger;

/**
 * The ledger's answer to a task failure the run survives.
 *
 * @param taskId the failed task
 * @param action {@link FailureAction#RETRY}, {@link FailureAction#RESEED} or {@link
 *     FailureAction#IGNORE} (never {@code FAIL}: that is thrown as {@link TaskFailedException})
 * @param failures failures of this task so far, including this one (unchanged when ignored)
 * @param seedGeneration the seed generation to issue the task with: 0 until re-seeded, then 1
 */
public record FailureDecision(TaskKey taskId, FailureAction action, int failures, int seedGeneration) {

    /** Whether the task must be sent to a worker again. */
    public boolean reissue() {
        return action == FailureAction.RETRY || action == FailureAction.RESEED;
    }
}
