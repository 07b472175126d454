package dev.fdc.tests.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.coordinator.run.AmStepRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coordinator failure and async staleness on the shipped core: a sync run whose coordinator is
 * stopped while tasks are in flight and restarted (new epoch, same workers) ends bit for bit where
 * an uninterrupted run ends; a corrupted newest checkpoint is passed over, named, and the run
 * resumes from the previous complete one; an async run drops a gradient that arrives too stale and
 * applies none beyond the staleness bound.
 */
class RecoveryTest {

    @Test
    void coordinatorStoppedWithTasksInFlightResumesBitForBit(@TempDir Path dir) throws Exception {
        CheckpointState expected = RunEndToEndTest.reference(dir.resolve("ref"));
        ActorTestKit kit = ActorTestKit.create("resume", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit, TestRun.sync(RunEndToEndTest.RUN.dim()));
            // the tasks of AM step 3 (after the checkpoint at version 2) stay in flight
            run.gate.hold((w, id) -> id.getMirrorStep() == 1 && id.getAmStep() == 3);
            run.spawnWorkers(2);
            var first = run.spawnCoordinator(dir.resolve("run"));
            CoordinatorEvent.CheckpointWritten written = run.await(CoordinatorEvent.CheckpointWritten.class);
            assertEquals(2, written.key().parameterVersion());
            run.gate.nextHeld();
            kit.stop(first);
            run.spawnCoordinator(dir.resolve("run"));
            CoordinatorEvent.Started started = run.await(CoordinatorEvent.Started.class);
            assertEquals(1, started.epoch());
            assertTrue(started.resumed());
            run.gate.release(); // the old epoch's tasks finish; their results are dropped
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            assertTrue(f.succeeded(), f.error());
            assertEquals(1, f.state().epoch());
            RunEndToEndTest.assertSameState(expected, f.state());
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void corruptedNewestCheckpointFallsBackToThePreviousOne(@TempDir Path dir) throws IOException {
        CheckpointState expected = RunEndToEndTest.reference(dir.resolve("ref"));
        Path runDir = dir.resolve("run");
        ActorTestKit kit = ActorTestKit.create("corrupt", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit, TestRun.sync(RunEndToEndTest.RUN.dim()));
            run.spawnWorkers(2);
            run.spawnCoordinator(runDir);
            assertTrue(run.awaitFinished().succeeded());
            Path newest;
            try (Stream<Path> files = Files.list(runDir.resolve("checkpoints"))) {
                newest = files.filter(p -> p.getFileName().toString().endsWith(".kryo"))
                        .sorted()
                        .reduce((a, b) -> b)
                        .orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(newest);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(newest, bytes);
            System.out.println("corrupted " + newest.getFileName());

            run.spawnCoordinator(runDir);
            CoordinatorEvent.Started started = run.await(CoordinatorEvent.Started.class);
            assertTrue(started.resumed());
            assertEquals(1, started.skipped().size(), "the corrupt checkpoint is named: " + started.skipped());
            assertEquals(newest, started.skipped().get(0).file());
            assertTrue(
                    started.skipped().get(0).reason().contains("SHA-256"),
                    started.skipped().get(0).reason());
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            assertTrue(f.succeeded(), f.error());
            RunEndToEndTest.assertSameState(expected, f.state());
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void asyncDropsATooStaleGradientAndAppliesNoneBeyondTheBound(@TempDir Path dir) throws Exception {
        int staleness = 1;
        TestRun spec = TestRun.of(
                2_000,
                "fdc.run { mode = async, max-staleness = " + staleness
                        + ", async-window = 4, mirror-steps = 3, am-steps = 6, checkpoint-every = 0 }");
        ActorTestKit kit = ActorTestKit.create("async", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit, spec);
            // task 0 of the first AM step is held until two updates have been applied: it is stale then
            run.gate.hold((w, id) -> id.getMirrorStep() == 1 && id.getAmStep() == 1 && id.getTaskIndex() == 0);
            run.spawnWorkers(4);
            run.spawnCoordinator(dir);
            run.gate.nextHeld();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (spec.records().updates().stream().noneMatch(u -> u.version() >= 1 + staleness)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no second update within 60 s");
                }
                Thread.sleep(10);
            }
            run.gate.release();
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            assertTrue(f.succeeded(), f.error());
            System.out.println("async counters " + f.counters());
            List<AmStepRecord> updates = spec.records().updates();
            assertEquals(3 * 6, updates.size());
            for (AmStepRecord u : updates) {
                assertTrue(u.staleness() <= staleness, "applied beyond the bound: " + u);
            }
            // it arrives stale by version, or, had the mirror step ended meanwhile, from the previous one
            assertTrue(
                    f.counters().get(LedgerCounter.STALE_VERSION_DROPPED)
                                    + f.counters().get(LedgerCounter.CROSS_MIRROR_STEP_DROPPED)
                            >= 1,
                    "the held gradient arrived stale and was dropped: " + f.counters());
        } finally {
            kit.shutdownTestKit();
        }
    }
}
