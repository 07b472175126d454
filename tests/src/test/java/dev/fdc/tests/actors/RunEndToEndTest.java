package dev.fdc.tests.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.protocol.v1.TaskId;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs of the {@link TestingRunCore} through the actors: undisturbed, with a worker stopped
 * mid-task, and with 20 % of the protocol messages lost. In sync mode the final parameters and
 * optimizer state must equal the undisturbed run's bit for bit, which also proves that no gradient
 * was applied twice, lost, or computed against other parameters.
 */
class RunEndToEndTest {

    static final TestingRunCore.Spec SPEC = TestingRunCore.Spec.sync(40_000); // 2 chunks per tensor

    static CheckpointState reference;

    static synchronized CheckpointState reference(Path dir) {
        if (reference == null) {
            ActorTestKit kit = ActorTestKit.create("reference", ActorTestSupport.config());
            try {
                RunHarness run = new RunHarness(kit);
                run.spawnWorkers(2);
                run.spawnCoordinator(SPEC, dir);
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

    static long tasksOf(TestingRunCore.Spec spec) {
        return (long) spec.mirrorSteps() * (spec.statisticsTasks() + (long) spec.amSteps() * spec.tasksPerStep());
    }

    @Test
    void undisturbedRunAppliesEveryTaskOnce(@TempDir Path dir) {
        CheckpointState state = reference(dir.resolve("a"));
        assertEquals(SPEC.mirrorSteps() * SPEC.amSteps(), state.parameterVersion());
        assertEquals(tasksOf(SPEC), state.ledgerCounters().get("applied"));
        assertEquals(tasksOf(SPEC), state.ledgerCounters().get("issued"));
    }

    @Test
    void workerStoppedMidTaskIsReplacedAndNothingIsAppliedTwice(@TempDir Path dir) throws Exception {
        CheckpointState expected = reference(dir.resolve("ref"));
        ActorTestKit kit = ActorTestKit.create("worker-loss", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit);
            LinkedBlockingQueue<TaskId> startedOnW0 = new LinkedBlockingQueue<>();
            run.delay = id -> id.getAmStep() > 0 ? 150 : 0;
            run.started = (w, id) -> {
                if (w.equals("w0") && id.getAmStep() > 0) {
                    startedOnW0.add(id);
                }
            };
            run.spawnWorkers(3);
            run.spawnCoordinator(SPEC, dir.resolve("run"));
            TaskId victim = startedOnW0.poll(30, TimeUnit.SECONDS);
            kit.stop(run.workers.get(0));
            System.out.println("stopped w0 while it computed " + victim);
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            assertTrue(f.succeeded(), f.error());
            assertTrue(run.recorder.appliedTwice().isEmpty(), "applied twice: " + run.recorder.appliedTwice());
            assertEquals(tasksOf(SPEC), f.counters().get("applied"));
            assertTrue(f.counters().get("reissued") >= 1, "the victim's task was re-issued: " + f.counters());
            assertEquals(1L, f.counters().get("actor.workersLost"));
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
            RunHarness run = new RunHarness(kit);
            run.network = DroppingInterceptor.Network.of(seed, 0.2);
            run.spawnWorkers(2);
            run.spawnCoordinator(SPEC, dir.resolve("run"));
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            System.out.println("seed " + seed + ": dropped " + run.network.dropped() + " of "
                    + (run.network.dropped().get() + run.network.passed().get()) + " messages; counters "
                    + f.counters());
            assertTrue(f.succeeded(), f.error());
            assertTrue(run.network.dropped().get() > 0);
            assertTrue(run.recorder.appliedTwice().isEmpty(), "applied twice: " + run.recorder.appliedTwice());
            assertEquals(tasksOf(SPEC), f.counters().get("applied"), "applied = accepted tasks");
            assertEquals(f.counters().get("issued"), f.counters().get("applied"));
            assertSameState(expected, f.state());
        } finally {
            kit.shutdownTestKit();
        }
    }
}
