package dev.fdc.tests.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.actor.CoordinatorCounter;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.ledger.LedgerCounter;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs of the shipped {@code RunCore} through the shipped actors: undisturbed, with a worker
 * stopped mid-task, and with 20 % of the protocol messages lost. In sync mode the final parameters
 * and optimizer state must equal the undisturbed run's bit for bit, which also proves that no
 * gradient was applied twice, lost, or computed against other parameters.
 */
class RunEndToEndTest {

    static final TestRun RUN = TestRun.sync(40_000); // 2 chunks per tensor

    private static CheckpointState reference;

    /** The undisturbed run's final state (computed once per JVM). */
    static synchronized CheckpointState reference(Path dir) {
        if (reference == null) {
            ActorTestKit kit = ActorTestKit.create("reference", ActorTestSupport.config());
            try {
                RunHarness run = new RunHarness(kit, TestRun.sync(RUN.dim()));
                run.spawnWorkers(2);
                run.spawnCoordinator(dir);
                CoordinatorEvent.RunFinished f = run.awaitFinished();
                assertTrue(f.succeeded(), f.error());
                reference = f.state();
            } finally {
                kit.shutdownTestKit();
            }
        }
        return reference;
    }

    static void assertSameState(CheckpointState expected, CheckpointState actual) {
        assertEquals(expected.parameterVersion(), actual.parameterVersion(), "parameter version");
        assertArrayEquals(expected.parameters(), actual.parameters(), "parameters, bit for bit");
        assertArrayEquals(expected.base(), actual.base(), "base");
        assertArrayEquals(expected.optimizer().m(), actual.optimizer().m(), "Adam m");
        assertArrayEquals(expected.optimizer().v(), actual.optimizer().v(), "Adam v");
        assertEquals(expected.optimizer().step(), actual.optimizer().step(), "Adam step");
    }

    @Test
    void undisturbedRunAppliesEveryTaskOnce(@TempDir Path dir) {
        CheckpointState state = reference(dir.resolve("a"));
        assertEquals(2 * 3, state.parameterVersion(), "K × N updates");
        assertEquals(RUN.tasks(), state.ledgerCounters().get(LedgerCounter.APPLIED));
        assertEquals(RUN.tasks(), state.ledgerCounters().get(LedgerCounter.ISSUED));
        assertEquals(0L, state.ledgerCounters().get(LedgerCounter.DUPLICATES_DROPPED));
    }

    @Test
    void workerStoppedMidTaskIsReplacedAndNothingIsAppliedTwice(@TempDir Path dir) throws Exception {
        CheckpointState expected = reference(dir.resolve("ref"));
        ActorTestKit kit = ActorTestKit.create("worker-loss", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit, TestRun.sync(RUN.dim()));
            // w0 blocks in the first AM task it gets: it is stopped while computing it
            run.gate.hold((w, id) -> w.equals("w0") && id.getAmStep() > 0);
            run.spawnWorkers(3);
            run.spawnCoordinator(dir.resolve("run"));
            TaskGate.Arrival victim = run.gate.nextHeld();
            kit.stop(run.workers.get(0));
            run.gate.release(); // its thread finishes; the stopped actor's result goes nowhere
            System.out.println("stopped w0 while it computed " + victim.task());
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            assertTrue(f.succeeded(), f.error());
            assertEquals(RUN.tasks(), f.counters().get(LedgerCounter.APPLIED), "applied = the run's tasks, once each");
            assertTrue(
                    f.counters().get(LedgerCounter.REISSUED) >= 1, "the victim's task was re-issued: " + f.counters());
            assertEquals(1L, f.counters().get(CoordinatorCounter.WORKERS_LOST));
            assertSameState(expected, f.state());
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void twentyPercentMessageLossStillCompletesExactlyOnce(@TempDir Path dir) {
        CheckpointState expected = reference(dir.resolve("ref"));
        long seed = Long.getLong("fdc.test.seed", System.nanoTime());
        System.out.println("message loss seed: " + seed + " (rerun with -Dfdc.test.seed=" + seed + ")");
        ActorTestKit kit = ActorTestKit.create("lossy", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit, TestRun.sync(RUN.dim()));
            run.network = new LossyNetwork(seed, 0.2);
            run.spawnWorkers(2);
            run.spawnCoordinator(dir.resolve("run"));
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            System.out.println("seed " + seed + ": dropped " + run.network.dropped() + " of "
                    + (run.network.dropped() + run.network.passed()) + " messages; counters " + f.counters());
            assertTrue(f.succeeded(), f.error());
            assertTrue(run.network.dropped() > 0);
            assertEquals(RUN.tasks(), f.counters().get(LedgerCounter.APPLIED), "applied = the run's tasks, once each");
            assertSameState(expected, f.state());
        } finally {
            kit.shutdownTestKit();
        }
    }
}
