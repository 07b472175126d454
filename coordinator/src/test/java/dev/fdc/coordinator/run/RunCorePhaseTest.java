package dev.fdc.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.numerics.optim.Adam;
import dev.fdc.numerics.optim.GradientClipping;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Phase transitions, task layout and the task-id-ordered reduction of a sync run. */
class RunCorePhaseTest {

    @Test
    void estimationThenTrainingThenNextMirrorStep() {
        List<MirrorStepRecord> mirror = new ArrayList<>();
        List<AmStepRecord> steps = new ArrayList<>();
        RunListener l = new RunListener() {
            @Override
            public void onAmStep(AmStepRecord r) {
                steps.add(r);
            }

            @Override
            public void onMirrorStep(MirrorStepRecord r) {
                mirror.add(r);
            }
        };
        RunCore core = RunCore.start(TestingRuns.spec(TestingRuns.config(""), 3), l);
        assertEquals(RunCore.Phase.ESTIMATING, core.phase());
        List<Task> stats = Task.of(core.poll(0));
        assertEquals(3, stats.size(), "M statistics tasks for the one reward");
        int total = 0;
        for (Task t : stats) {
            Task.Statistics s = assertInstanceOf(Task.Statistics.class, t);
            assertEquals(3, s.id().epoch(), "the ledger's epoch is in every id");
            assertEquals(1, s.id().mirrorStep());
            assertEquals(0, s.id().amStep());
            assertTrue(s.proto().hasReward());
            assertEquals(0, s.proto().getParameterVersion().getVersion(), "p_0 = p_pre, version 0");
            total += s.proto().getSampleCount();
        }
        assertEquals(30, total, "statistics-samples split over the tasks");
        assertTrue(Task.of(core.poll(1)).isEmpty(), "nothing new while statistics are outstanding");

        TestingWorker w = new TestingWorker(core, TestingRuns.target());
        for (Task t : stats) {
            var s = ((Task.Statistics) t).proto();
            core.onStatistics(TestingWorker.statisticsResult(s), w.statistics(s));
        }
        assertEquals(RunCore.Phase.TRAINING, core.phase());
        assertEquals(1, mirror.size());
        assertEquals(2.0, mirror.get(0).eta());
        assertTrue(mirror.get(0)
                .terms()
                .get(0)
                .metrics()
                .containsKey(dev.fdc.coordinator.objective.TermMetric.TAIL_COUNT));
        assertEquals(0.5, core.linearizedReward().getScale(), 0, "scale = 1/η");

        List<Task> am = Task.of(core.poll(2));
        assertEquals(3, am.size());
        for (int i = 0; i < 3; i++) {
            AdjointMatchingTask p = ((Task.AdjointMatching) am.get(i)).proto();
            assertEquals(1, p.getTaskId().getAmStep());
            assertEquals(i, p.getTaskId().getTaskIndex());
            assertEquals(0, p.getParameterVersion().getVersion());
            assertEquals(0, p.getBaseVersion().getVersion());
            assertEquals(4, p.getBatchSize());
            assertFalse(p.hasLossClipThreshold(), "no threshold before the first update");
        }
        // Deliver two of three: no update yet.
        for (int i = 0; i < 2; i++) {
            var o = w.adjointMatching(((Task.AdjointMatching) am.get(i)).proto());
            core.onGradient(o.done(), o.gradient());
        }
        assertEquals(0, core.currentVersion().getVersion());
        var o = w.adjointMatching(((Task.AdjointMatching) am.get(2)).proto());
        core.onGradient(o.done(), o.gradient());
        core.onGradient(o.done(), o.gradient());
        assertEquals(1, core.currentVersion().getVersion());
        assertEquals(1, core.counters().get(LedgerCounter.DUPLICATES_DROPPED));
        assertEquals(1, steps.size());
        List<Task> next = Task.of(core.poll(3));
        assertEquals(3, next.size());
        AdjointMatchingTask p = ((Task.AdjointMatching) next.get(0)).proto();
        assertEquals(2, p.getTaskId().getAmStep());
        assertEquals(1, p.getParameterVersion().getVersion());
        assertEquals(0, p.getBaseVersion().getVersion(), "base frozen for the mirror step");
        assertTrue(p.hasLossClipThreshold(), "threshold after the first update");
    }

    @Test
    void runsToTheEndWithCheckpointsAndAFinalEstimate() {
        List<MirrorStepRecord> mirror = new ArrayList<>();
        RunCore core = RunCore.start(TestingRuns.spec(TestingRuns.config(""), 0), new RunListener() {
            @Override
            public void onMirrorStep(MirrorStepRecord r) {
                mirror.add(r);
            }
        });
        var checkpoints = TestingRuns.drive(core, null, c -> false);
        assertTrue(core.isDone());
        assertEquals(6, core.currentVersion().getVersion(), "K·N = 2·3 updates");
        // every 2 updates (v = 2, 4, 6) and at each mirror step end (v = 3, 6): 6 is one checkpoint
        assertEquals(
                List.of(2L, 3L, 4L, 6L),
                checkpoints.stream().map(c -> c.parameterVersion()).toList());
        assertEquals(3, mirror.size(), "k = 1, 2 and the final estimate of p_K");
        assertEquals(3, mirror.get(2).mirrorStep());
        assertTrue(Double.isNaN(mirror.get(2).eta()));
        assertEquals(3, checkpoints.get(1).parameterVersion());
        assertEquals(3, checkpoints.get(1).amStep(), "mirror step end: n = N");
    }

    @Test
    void reductionIsInTaskIdOrderWhateverTheArrivalOrder() {
        float[] inOrder = run(null);
        for (int seed = 1; seed <= 5; seed++) {
            assertArrayEquals(
                    inOrder, run(new Random(seed)), "arrival order " + seed + " must not change a single bit");
        }
    }

    @Test
    void firstUpdateIsTheSampleWeightedMeanClippedThenAdam() {
        RunCore core =
                RunCore.start(TestingRuns.spec(TestingRuns.config("fdc.run.max-grad-norm = 0.5"), 0), RunListener.NONE);
        TestingWorker w = new TestingWorker(core, TestingRuns.target());
        for (Task t : Task.of(core.poll(0))) {
            var s = ((Task.Statistics) t).proto();
            core.onStatistics(TestingWorker.statisticsResult(s), w.statistics(s));
        }
        double[] acc = new double[TestingRuns.SIZE];
        double total = 0;
        List<TestingWorker.Outcome> outs = new ArrayList<>();
        for (Task t : Task.of(core.poll(1))) {
            outs.add(w.adjointMatching(((Task.AdjointMatching) t).proto()));
        }
        for (TestingWorker.Outcome o : outs) {
            total += o.done().getSampleCount();
            for (int j = 0; j < acc.length; j++) {
                acc[j] += o.done().getSampleCount() * o.gradient()[j];
            }
        }
        float[] g = new float[acc.length];
        for (int j = 0; j < g.length; j++) {
            g[j] = (float) (acc[j] / total);
        }
        double norm = GradientClipping.clip(g, 0.5);
        assertTrue(norm > 0.5, "the test gradient is large enough to be clipped: " + norm);
        float[] expected = core.currentParameters().clone();
        Adam.standard(expected.length).step(expected, g, 1e-3);
        for (int i = outs.size() - 1; i >= 0; i--) {
            core.onGradient(outs.get(i).done(), outs.get(i).gradient());
        }
        assertArrayEquals(expected, core.currentParameters(), "exactly the documented update");
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherBits() {
        assertArrayEquals(run(new Random(1)), run(new Random(2)));
        RunCore other = RunCore.start(TestingRuns.spec(TestingRuns.config("fdc.run.seed = 8"), 0), RunListener.NONE);
        TestingRuns.drive(other, null, c -> false);
        assertNotEquals(java.util.Arrays.toString(run(null)), java.util.Arrays.toString(other.currentParameters()));
    }

    private static float[] run(Random shuffle) {
        RunCore core = RunCore.start(TestingRuns.spec(TestingRuns.config(""), 0), RunListener.NONE);
        TestingRuns.drive(core, shuffle, c -> false);
        assertTrue(core.isDone());
        return core.currentParameters();
    }
}
