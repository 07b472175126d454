package dev.fdc.coordinator.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-issue under the same id after a worker dies or a task times out. */
class TaskLedgerReissueTest {

    private final TestingClock clock = new TestingClock();
    private final TaskLedger ledger =
            new TaskLedger("run1", 1, new TaskFailurePolicy(2), Duration.ofSeconds(30), clock);

    @Test
    void tasksOfADeadWorkerAreReissuedUnderTheSameId() {
        TaskKey a = ledger.taskId(1, 1, 0);
        TaskKey b = ledger.taskId(1, 1, 1);
        TaskKey c = ledger.taskId(1, 1, 2);
        TaskKey done = ledger.taskId(1, 1, 3);
        for (TaskKey id : List.of(a, b, c, done)) {
            ledger.issue(id);
        }
        ledger.assign(c, "dead");
        ledger.assign(a, "dead");
        ledger.assign(b, "alive");
        ledger.assign(done, "dead");
        ledger.receiveGradient(done);

        assertEquals(List.of(a, c), ledger.workerLost("dead"));
        assertEquals(TaskState.ISSUED, ledger.status(a).orElseThrow().state());
        assertEquals(TaskState.ASSIGNED, ledger.status(b).orElseThrow().state());
        assertEquals(
                TaskState.GRADIENT_RECEIVED, ledger.status(done).orElseThrow().state());
        assertEquals(2, ledger.counters().get(LedgerCounter.REISSUED));
        assertEquals(List.of(), ledger.workerLost("dead"));
    }

    @Test
    void reissuedTaskAcceptsOneGradientWhicheverWorkerDeliversFirst() {
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        ledger.assign(id, "slow");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(List.of(id), ledger.reissueTimedOut());
        ledger.assign(id, "fast");

        assertEquals(GradientVerdict.ACCEPTED, ledger.receiveGradient(id)); // the slow one, late
        assertEquals(GradientVerdict.DUPLICATE, ledger.receiveGradient(id)); // the re-issued run
        ledger.markApplied(id);
        assertEquals(1, ledger.counters().get(LedgerCounter.APPLIED));
        assertEquals(1, ledger.counters().get(LedgerCounter.DUPLICATES_DROPPED));
    }

    @Test
    void timeoutCountsFromTheLastIssueOrAssignment() {
        TaskKey queued = ledger.taskId(1, 1, 0);
        TaskKey running = ledger.taskId(1, 1, 1);
        TaskKey received = ledger.taskId(1, 1, 2);
        ledger.issue(queued);
        ledger.issue(running);
        ledger.issue(received);
        clock.advance(Duration.ofSeconds(20));
        ledger.assign(running, "w1");
        ledger.receiveGradient(received);
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), ledger.reissueTimedOut());

        clock.advance(Duration.ofSeconds(1)); // queued: 30 s since issue; running: 10 s since assign
        assertEquals(List.of(queued), ledger.reissueTimedOut());
        clock.advance(Duration.ofSeconds(20)); // running: 30 s; queued: 20 s since its re-issue
        assertEquals(List.of(running), ledger.reissueTimedOut());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(queued), ledger.reissueTimedOut());

        assertEquals(3, ledger.counters().get(LedgerCounter.REISSUED));
        assertEquals(3, ledger.counters().get(LedgerCounter.ISSUED));
        assertEquals(
                TaskState.GRADIENT_RECEIVED,
                ledger.status(received).orElseThrow().state());
    }

    @Test
    void reissueKeepsTheIdAndTheSeed() {
        TaskKey id = ledger.taskId(2, 5, 7);
        ledger.issue(id);
        ledger.assign(id, "w1");
        ledger.workerLost("w1");
        TaskStatus s = ledger.status(id).orElseThrow();
        assertEquals(id, s.id());
        assertEquals(0, s.seedGeneration());
        assertTrue(ledger.outstanding().contains(id));
    }
}
