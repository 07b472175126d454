package dev.fdc.coordinator.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue, receive, apply: at most once, duplicates and stale epochs dropped and counted. */
class TaskLedgerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TestingClock clock = new TestingClock();
    private final TaskLedger ledger = new TaskLedger("run1", 4, new TaskFailurePolicy(2), TIMEOUT, clock);

    @Test
    void gradientIsAppliedAtMostOnce() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        assertTrue(ledger.assign(id, "w1"));

        assertEquals(GradientVerdict.ACCEPTED, ledger.receiveGradient(id));
        ledger.markApplied(id);
        assertEquals(GradientVerdict.DUPLICATE, ledger.receiveGradient(id));
        var e = assertThrows(IllegalStateException.class, () -> ledger.markApplied(id));
        assertTrue(e.getMessage().contains(id.toString()), e.getMessage());

        assertEquals(TaskState.APPLIED, ledger.status(id).orElseThrow().state());
        assertEquals(1, ledger.counters().get(LedgerCounter.APPLIED));
        assertEquals(1, ledger.counters().get(LedgerCounter.DUPLICATES_DROPPED));
    }

    @Test
    void secondGradientBeforeApplyIsADuplicate() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        assertEquals(GradientVerdict.ACCEPTED, ledger.receiveGradient(id));
        assertEquals(GradientVerdict.DUPLICATE, ledger.receiveGradient(id));
        assertEquals(
                TaskState.GRADIENT_RECEIVED, ledger.status(id).orElseThrow().state());
        assertEquals(1, ledger.counters().get(LedgerCounter.DUPLICATES_DROPPED));
    }

    @Test
    void applyingAGradientThatNeverArrivedIsRefused() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        assertThrows(IllegalStateException.class, () -> ledger.markApplied(id));
        assertEquals(0, ledger.counters().get(LedgerCounter.APPLIED));
    }

    @Test
    void gradientsOfAnOlderEpochAreDroppedAndCounted() {
        TaskKey old = new TaskKey("run1", 3, 1, 1, 0);
        assertEquals(GradientVerdict.STALE_EPOCH, ledger.receiveGradient(old));
        assertEquals(GradientVerdict.STALE_EPOCH, ledger.receiveGradient(old));
        assertEquals(2, ledger.counters().get(LedgerCounter.STALE_EPOCH_DROPPED));
        assertTrue(ledger.status(old).isEmpty());
    }

    @Test
    void unknownIdsAreDroppedAndCounted() {
        assertEquals(GradientVerdict.UNKNOWN_TASK, ledger.receiveGradient(ledger.taskId(1, 1, 9)));
        assertEquals(GradientVerdict.UNKNOWN_TASK, ledger.receiveGradient(new TaskKey("other", 4, 1, 1, 0)));
        assertEquals(GradientVerdict.UNKNOWN_TASK, ledger.receiveGradient(new TaskKey("run1", 5, 1, 1, 0)));
        assertEquals(3, ledger.counters().get(LedgerCounter.UNKNOWN_DROPPED));
    }

    @Test
    void issuingTwiceOrForAnotherEpochIsRefused() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        assertThrows(IllegalStateException.class, () -> ledger.issue(id));
        assertThrows(IllegalArgumentException.class, () -> ledger.issue(new TaskKey("run1", 3, 1, 1, 1)));
        assertEquals(1, ledger.counters().get(LedgerCounter.ISSUED));
    }

    @Test
    void assignReportsWhetherWorkIsStillNeeded() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        assertTrue(ledger.assign(id, "w1"));
        assertTrue(ledger.assign(id, "w2")); // work-pulling redelivery
        assertEquals("w2", ledger.status(id).orElseThrow().worker().orElseThrow());
        ledger.receiveGradient(id);
        assertFalse(ledger.assign(id, "w3"));
    }

    @Test
    void outstandingAndStepViewsAreInTaskIdOrder() {
        for (int i = 2; i >= 0; i--) {
            ledger.issue(ledger.taskId(1, 2, i));
        }
        ledger.issue(ledger.taskId(1, 3, 0));
        ledger.receiveGradient(ledger.taskId(1, 2, 1));
        assertEquals(
                List.of(ledger.taskId(1, 2, 0), ledger.taskId(1, 2, 2), ledger.taskId(1, 3, 0)), ledger.outstanding());
        assertEquals(
                List.of(0, 1, 2),
                ledger.tasksOf(1, 2).stream().map(s -> s.id().index()).toList());
    }

    @Test
    void prunedStepsStillCountLateGradientsAsDuplicates() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        ledger.receiveGradient(id);
        ledger.markApplied(id);
        ledger.pruneSettledBefore(2);
        assertTrue(ledger.status(id).isEmpty());
        assertEquals(GradientVerdict.DUPLICATE, ledger.receiveGradient(id));
        assertEquals(1, ledger.counters().get(LedgerCounter.DUPLICATES_DROPPED));
    }

    @Test
    void countersExportAndRestore() {
        ledger.issue(ledger.taskId(1, 1, 0));
        ledger.receiveGradient(new TaskKey("run1", 1, 0, 0, 0));
        Map<String, Long> exported = ledger.counters().toMap();
        assertEquals(1L, exported.get("issued"));
        assertEquals(1L, exported.get("staleEpochDropped"));
        assertEquals(LedgerCounter.values().length, exported.size());

        TaskLedger restarted = new TaskLedger("run1", 5, new TaskFailurePolicy(2), TIMEOUT, clock);
        restarted.counters().restoreByKey(exported);
        assertEquals(exported, restarted.counters().toMap());
    }

    @Test
    void restoringAnUnknownOrNegativeCounterIsRefusedAndChangesNothing() {
        ledger.issue(ledger.taskId(1, 1, 0));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> ledger.counters().restoreByKey(Map.of("applied", 3L, "bogus", 1L)));
        assertTrue(e.getMessage().contains("'bogus'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ledger.counters().restoreByKey(Map.of("applied", -1L)));
        assertEquals(1, ledger.counters().get(LedgerCounter.ISSUED));
        assertEquals(0, ledger.counters().get(LedgerCounter.APPLIED));
    }

    @Test
    void restoringAnOlderMapSetsMissingCountersToZero() {
        ledger.issue(ledger.taskId(1, 1, 0));
        ledger.counters().restoreByKey(Map.of("applied", 7L));
        assertEquals(7, ledger.counters().get(LedgerCounter.APPLIED));
        assertEquals(0, ledger.counters().get(LedgerCounter.ISSUED));
    }
}
