package dev.fdc.coordinator.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Async mode: bounded staleness, and mirror steps as barriers. */
class TaskLedgerAsyncTest {

    private static final int S = 2;

    private final TaskLedger ledger =
            new TaskLedger("run1", 1, new TaskFailurePolicy(2), Duration.ofSeconds(30), new TestingClock());

    private TaskKey received(int k, int n, int index) {
        TaskKey id = ledger.taskId(k, n, index);
        ledger.issue(id);
        ledger.receiveGradient(id);
        return id;
    }

    @Test
    void appliesWithinTheStalenessBoundAndDiscardsBeyondIt() {
        TaskKey fresh = received(2, 1, 0);
        TaskKey edge = received(2, 1, 1);
        TaskKey stale = received(2, 1, 2);
        assertEquals(ApplyDecision.APPLY, ledger.acceptForApply(fresh, 10, 10, S, 2));
        assertEquals(ApplyDecision.APPLY, ledger.acceptForApply(edge, 8, 10, S, 2));
        assertEquals(ApplyDecision.DISCARD_TOO_STALE, ledger.acceptForApply(stale, 7, 10, S, 2));

        assertEquals(
                Optional.of(DiscardReason.TOO_STALE),
                ledger.status(stale).orElseThrow().discardReason());
        assertEquals(2, ledger.counters().get(LedgerCounter.APPLIED));
        assertEquals(1, ledger.counters().get(LedgerCounter.STALE_VERSION_DROPPED));
    }

    @Test
    void neverAppliesAcrossAMirrorStepEvenIfFresh() {
        TaskKey previous = received(1, 9, 0);
        assertEquals(ApplyDecision.DISCARD_PREVIOUS_MIRROR_STEP, ledger.acceptForApply(previous, 10, 10, S, 2));
        assertEquals(
                Optional.of(DiscardReason.PREVIOUS_MIRROR_STEP),
                ledger.status(previous).orElseThrow().discardReason());
        assertEquals(1, ledger.counters().get(LedgerCounter.CROSS_MIRROR_STEP_DROPPED));
        assertEquals(0, ledger.counters().get(LedgerCounter.APPLIED));
    }

    @Test
    void decidedTasksAreDuplicatesAfterwards() {
        TaskKey id = received(2, 1, 0);
        assertEquals(ApplyDecision.APPLY, ledger.acceptForApply(id, 5, 5, S, 2));
        assertEquals(ApplyDecision.DUPLICATE, ledger.acceptForApply(id, 5, 5, S, 2));
        TaskKey stale = received(2, 1, 1);
        ledger.acceptForApply(stale, 1, 5, S, 2);
        assertEquals(ApplyDecision.DUPLICATE, ledger.acceptForApply(stale, 5, 5, S, 2));
        assertEquals(GradientVerdict.DUPLICATE, ledger.receiveGradient(stale));
        assertEquals(1, ledger.counters().get(LedgerCounter.APPLIED));
        assertEquals(3, ledger.counters().get(LedgerCounter.DUPLICATES_DROPPED));
    }

    @Test
    void barrierDiscardsWhatIsStillInFlightFromEarlierMirrorSteps() {
        TaskKey inFlight = ledger.taskId(1, 4, 0);
        ledger.issue(inFlight);
        ledger.assign(inFlight, "w1");
        TaskKey waiting = received(1, 4, 1);
        TaskKey current = ledger.taskId(2, 1, 0);
        ledger.issue(current);

        assertEquals(List.of(inFlight, waiting), ledger.discardBefore(2));
        assertEquals(List.of(current), ledger.outstanding());
        assertEquals(GradientVerdict.DUPLICATE, ledger.receiveGradient(inFlight));
        assertEquals(2, ledger.counters().get(LedgerCounter.CROSS_MIRROR_STEP_DROPPED));
    }

    @Test
    void applyingWithoutAReceivedGradientOrWithImpossibleVersionsIsRefused() {
        TaskKey id = ledger.taskId(2, 1, 0);
        ledger.issue(id);
        assertThrows(IllegalStateException.class, () -> ledger.acceptForApply(id, 1, 1, S, 2));
        ledger.receiveGradient(id);
        assertThrows(IllegalArgumentException.class, () -> ledger.acceptForApply(id, 6, 5, S, 2));
        assertThrows(IllegalArgumentException.class, () -> ledger.acceptForApply(id, 5, 5, S, 1));
        assertEquals(
                TaskState.GRADIENT_RECEIVED, ledger.status(id).orElseThrow().state());
    }
}
