package dev.fdc.tests.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coordinator failure: a sync run whose coordinator is stopped after a checkpoint and restarted
 * (new epoch, same workers) ends bit for bit where an uninterrupted run ends; a corrupted newest
 * checkpoint is passed over, named, and the run resumes from the previous complete one.
 */
class RecoveryTest {

    @Test
    void coordinatorKilledAfterCheckpointResumesBitForBit(@TempDir Path dir) {
        CheckpointState expected = RunEndToEndTest.reference(dir.resolve("ref"));
        ActorTestKit kit = ActorTestKit.create("resume", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit);
            run.delay = id -> 30;
            run.spawnWorkers(2);
            var first = run.spawnCoordinator(RunEndToEndTest.SPEC, dir.resolve("run"));
            run.events.fishForMessage(
                    ActorTestSupport.runTimeout(),
                    e -> e instanceof CoordinatorEvent.CheckpointWritten
                            ? FishingOutcomes.complete()
                            : FishingOutcomes.continueAndIgnore());
            kit.stop(first);
            run.spawnCoordinator(RunEndToEndTest.SPEC, dir.resolve("run"));
            CoordinatorEvent.Started started = (CoordinatorEvent.Started) run.events
                    .fishForMessage(
                            ActorTestSupport.runTimeout(),
                            e -> e instanceof CoordinatorEvent.Started
                                    ? FishingOutcomes.complete()
                                    : FishingOutcomes.continueAndIgnore())
                    .get(0);
            assertEquals(1, started.epoch());
            assertTrue(started.resumed());
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
            RunHarness run = new RunHarness(kit);
            run.spawnWorkers(2);
            run.spawnCoordinator(RunEndToEndTest.SPEC, runDir);
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

            run.spawnCoordinator(RunEndToEndTest.SPEC, runDir);
            CoordinatorEvent.Started started = (CoordinatorEvent.Started) run.events
                    .fishForMessage(
                            ActorTestSupport.runTimeout(),
                            e -> e instanceof CoordinatorEvent.Started
                                    ? FishingOutcomes.complete()
                                    : FishingOutcomes.continueAndIgnore())
                    .get(0);
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
    void asyncNeverAppliesTooStaleOrCrossMirrorStepGradients(@TempDir Path dir) {
        int staleness = 1;
        TestingRunCore.Spec spec = new TestingRunCore.Spec(
                "async", 2_000, 3, 6, 0, 1, true, staleness, 5, 0, 7, java.time.Duration.ofSeconds(5));
        ActorTestKit kit = ActorTestKit.create("async", ActorTestSupport.config());
        try {
            RunHarness run = new RunHarness(kit);
            run.delay = id -> 10
                    + Math.floorMod(
                            (long) (TestingExecutor.noise(id.getTaskIndex() * 31L + id.getMirrorStep(), 3) * 1000), 60);
            run.spawnWorkers(4);
            run.spawnCoordinator(spec, dir);
            CoordinatorEvent.RunFinished f = run.awaitFinished();
            assertTrue(f.succeeded(), f.error());
            List<Recorder.Applied> applied = run.recorder.applied();
            System.out.println("async counters " + f.counters());
            assertEquals(spec.mirrorSteps() * spec.amSteps(), applied.size());
            for (Recorder.Applied a : applied) {
                assertTrue(a.versionAtApply() - a.taskVersion() <= staleness, "too stale: " + a);
                assertEquals(a.mirrorStepAtApply(), a.task().mirrorStep(), "from another mirror step: " + a);
            }
            assertFalse(applied.isEmpty());
            assertTrue(run.recorder.appliedTwice().isEmpty());
        } finally {
            kit.shutdownTestKit();
        }
    }
}
