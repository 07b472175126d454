package dev.fdc.coordinator.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retry R times, re-seed once, then fail the run naming the task. */
class TaskLedgerFailureTest {

    private static final int R = 2;

    private final TestingClock clock = new TestingClock();
    private final TaskLedger ledger =
            new TaskLedger("run1", 1, new TaskFailurePolicy(R), Duration.ofSeconds(30), clock);

    @Test
    void retriesThenReseedsOnceThenFailsNamingTheTask() {
        TaskKey id = ledger.taskId(3, 4, 5);
        ledger.issue(id);

        for (int f = 1; f <= R; f++) {
            ledger.assign(id, "w1");
            FailureDecision d = ledger.recordFailure(id, "w1", "NaN in gradient");
            assertEquals(FailureAction.RETRY, d.action());
            assertEquals(f, d.failures());
            assertEquals(0, d.seedGeneration());
            assertEquals(TaskState.ISSUED, ledger.status(id).orElseThrow().state());
        }
        ledger.assign(id, "w2");
        FailureDecision reseed = ledger.recordFailure(id, "w2", "out of memory");
        assertEquals(FailureAction.RESEED, reseed.action());
        assertEquals(1, reseed.seedGeneration());
        assertEquals(id, reseed.taskId());

        ledger.assign(id, "w3");
        TaskFailedException e = assertThrows(
                TaskFailedException.class, () -> ledger.recordFailure(id, "w3", "IllegalStateException: boom"));
        assertEquals(id, e.taskId());
        assertEquals(R + 2, e.failures());
        assertTrue(e.getMessage().contains("task run1/e1/k3/n4/i5"), e.getMessage());
        assertTrue(e.getMessage().contains("'w3'") && e.getMessage().contains("boom"), e.getMessage());

        TaskStatus s = ledger.status(id).orElseThrow();
        assertEquals(TaskState.DISCARDED, s.state());
        assertEquals(Optional.of(DiscardReason.FAILED), s.discardReason());
        assertEquals(R + 2, ledger.counters().get(LedgerCounter.FAILURES));
        assertEquals(R, ledger.counters().get(LedgerCounter.RETRIES));
        assertEquals(1, ledger.counters().get(LedgerCounter.RESEEDS));
    }

    @Test
    void withNoRetriesTheFirstFailureReseeds() {
        TaskLedger strict = new TaskLedger("run1", 1, new TaskFailurePolicy(0), Duration.ofSeconds(30), clock);
        TaskKey id = strict.taskId(1, 1, 0);
        strict.issue(id);
        assertEquals(FailureAction.RESEED, strict.recordFailure(id, null, "NaN").action());
        assertThrows(TaskFailedException.class, () -> strict.recordFailure(id, null, "NaN"));
    }

    @Test
    void reseededTaskStillAcceptsItsGradient() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        for (int f = 0; f <= R; f++) {
            ledger.recordFailure(id, null, "NaN");
        }
        assertEquals(1, ledger.status(id).orElseThrow().seedGeneration());
        assertEquals(GradientVerdict.ACCEPTED, ledger.receiveGradient(id));
        ledger.markApplied(id);
        assertEquals(1, ledger.counters().get(LedgerCounter.APPLIED));
    }

    @Test
    void failureOfAnAttemptThatIsNoLongerCurrentIsIgnored() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        ledger.assign(id, "old");
        ledger.workerLost("old");
        ledger.assign(id, "new");
        assertEquals(
                FailureAction.IGNORE, ledger.recordFailure(id, "old", "NaN").action());

        ledger.receiveGradient(id);
        assertEquals(
                FailureAction.IGNORE, ledger.recordFailure(id, "new", "NaN").action());
        assertEquals(
                FailureAction.IGNORE,
                ledger.recordFailure(new TaskKey("run1", 0, 1, 1, 0), "x", "NaN")
                        .action());
        assertEquals(0, ledger.counters().get(LedgerCounter.FAILURES));
        assertEquals(
                TaskState.GRADIENT_RECEIVED, ledger.status(id).orElseThrow().state());
    }

    @Test
    void failuresAreCountedPerTask() {
        TaskKey a = ledger.taskId(1, 1, 0);
        TaskKey b = ledger.taskId(1, 1, 1);
        ledger.issue(a);
        ledger.issue(b);
        for (int f = 0; f < R; f++) {
            assertEquals(
                    FailureAction.RETRY, ledger.recordFailure(a, null, "NaN").action());
            assertEquals(
                    FailureAction.RETRY, ledger.recordFailure(b, null, "NaN").action());
        }
        assertEquals(2 * R, ledger.counters().get(LedgerCounter.FAILURES));
    }

    @Test
    void policyDecisionsFollowTheFailureCount() {
        TaskFailurePolicy p = new TaskFailurePolicy(3);
        assertEquals(FailureAction.RETRY, p.decide(1));
        assertEquals(FailureAction.RETRY, p.decide(3));
        assertEquals(FailureAction.RESEED, p.decide(4));
        assertEquals(FailureAction.FAIL, p.decide(5));
        assertEquals(5, p.maxAttempts());
        assertThrows(IllegalArgumentException.class, () -> new TaskFailurePolicy(-1));
    }
}
