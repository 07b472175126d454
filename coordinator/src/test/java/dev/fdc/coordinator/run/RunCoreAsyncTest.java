package dev.fdc.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.protocol.v1.GradientDone;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Async mode with random delivery delays (printed seed): a gradient is applied only if
 * {@code v_now − v_task ≤ s} and it belongs to the current mirror step; everything else is
 * discarded and counted, and the run still finishes with exactly K·N updates.
 */
class RunCoreAsyncTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void neverAppliesStaleOrCrossStepGradients(long seed) {
        Random random = new Random(seed);
        RunCore core = RunCore.start(TestingRuns.spec(TestingRuns.config("""
        fdc.run { mode = async, max-staleness = 1, async-window = 4, am-steps = 6 }
        """), 0), RunListener.NONE);
        TestingWorker worker = new TestingWorker(core, TestingRuns.target());
        List<TestingWorker.Outcome> pending = new ArrayList<>();
        int applied = 0;
        int rejected = 0;
        long now = 0;
        while (!core.isDone()) {
            for (Task t : Task.of(core.poll(now += 1_000_000))) {
                if (t instanceof Task.AdjointMatching a) {
                    pending.add(worker.adjointMatching(a.proto())); // a worker fetches θ_v when it starts
                } else if (t instanceof Task.Statistics s) {
                    core.onStatistics(TestingWorker.statisticsResult(s.proto()), worker.statistics(s.proto()));
                }
            }
            if (pending.isEmpty()) {
                continue;
            }
            // Deliver a random one of the pending tasks (an old one may wait for many updates).
            TestingWorker.Outcome o = pending.remove(random.nextInt(pending.size()));
            GradientDone p = o.done();
            long before = core.currentVersion().getVersion();
            int k = core.mirrorStep();
            core.onGradient(o.done(), o.gradient());
            long after = core.currentVersion().getVersion();
            if (after > before) {
                applied++;
                assertTrue(
                        before - p.getParameterVersion().getVersion() <= 1,
                        "seed " + seed + ": applied a gradient "
                                + (before - p.getParameterVersion().getVersion()) + " versions stale");
                assertEquals(k, p.getTaskId().getMirrorStep(), "seed " + seed + ": crossed a mirror step");
            } else {
                rejected++;
            }
        }
        assertEquals(12, core.currentVersion().getVersion(), "K·N updates");
        assertEquals(12, applied);
        long stale = core.counters().get(LedgerCounter.STALE_VERSION_DROPPED);
        long cross = core.counters().get(LedgerCounter.CROSS_MIRROR_STEP_DROPPED);
        long dup = core.counters().get(LedgerCounter.DUPLICATES_DROPPED);
        assertTrue(stale > 0, "seed " + seed + ": the random order produced stale gradients");
        assertEquals(
                rejected,
                stale + dup,
                "each rejected delivery is counted once: " + cross
                        + " cross-step tasks were discarded at the barrier and their late gradients are duplicates");
    }
}
