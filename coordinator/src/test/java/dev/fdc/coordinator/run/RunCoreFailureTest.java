package dev.fdc.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.ledger.TaskFailedException;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.TaskFailed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lost workers, timeouts, failed tasks and invalid gradients. */
class RunCoreFailureTest {

    private static RunCore trainingCore(String overrides) {
        RunCore core = RunCore.start(TestingRuns.spec(TestingRuns.config(overrides), 0), RunListener.NONE);
        TestingWorker w = new TestingWorker(core, TestingRuns.target());
        for (Task t : Task.of(core.poll(0))) {
            var s = ((Task.Statistics) t).proto();
            core.onStatistics(TestingWorker.statisticsResult(s), w.statistics(s));
        }
        return core;
    }

    @Test
    void lostWorkerAndTimeoutReissueUnderTheSameId() {
        RunCore core = trainingCore("fdc.run.task-timeout = 5s");
        List<Task> am = Task.of(core.poll(1_000_000L));
        Task.AdjointMatching a0 = (Task.AdjointMatching) am.get(0);
        assertTrue(core.assigned(a0.id().toProto(), "w1"));
        core.onWorkerLost("w1");
        List<Task> again = Task.of(core.poll(2_000_000L));
        assertEquals(List.of(a0), again, "the same task, same id and seed");
        assertTrue(Task.of(core.poll(3_000_000L)).isEmpty());
        List<Task> timedOut = Task.of(core.poll(10_000_000_000L));
        assertEquals(3, timedOut.size(), "all three outstanding tasks time out");
    }

    /**
     * The shell's clock is monotonic but arbitrary (System.nanoTime: hours after boot). Tasks issued
     * before the first poll must not look timed out at that poll.
     */
    @Test
    void aLargeShellClockAtTheFirstPollReissuesNothing() {
        RunCore core =
                RunCore.start(TestingRuns.spec(TestingRuns.config("fdc.run.task-timeout = 5s"), 0), RunListener.NONE);
        long hours = 7_200_000_000_000L;
        List<Task> first = Task.of(core.poll(hours));
        assertTrue(first.stream().allMatch(t -> t instanceof Task.Statistics), "the estimation tasks");
        assertTrue(Task.of(core.poll(hours + 1_000_000_000L)).isEmpty(), "nothing re-issued 1 s later");
        assertEquals(0, core.counters().toMap().get("reissued"), "no re-issues");
        assertEquals(
                first.size(),
                Task.of(core.poll(hours + 6_000_000_000L)).size(),
                "after the 5 s timeout: all re-issued");
    }

    @Test
    void retriesThenReseedThenTheRunFailsNamingTheTask() {
        RunCore core = trainingCore("fdc.run.max-retries = 1");
        Task.AdjointMatching a = (Task.AdjointMatching) Task.of(core.poll(1)).get(0);
        TaskFailed f = TaskFailed.newBuilder()
                .setTaskId(a.proto().getTaskId())
                .setKind(FailureKind.FAILURE_KIND_NAN)
                .setMessage("loss is NaN")
                .setRetryable(true)
                .build();
        core.onFailure(f);
        Task.AdjointMatching retry =
                (Task.AdjointMatching) Task.of(core.poll(2)).get(0);
        assertEquals(a.proto().getSeed(), retry.proto().getSeed(), "retry keeps the seed");
        core.onFailure(f);
        Task.AdjointMatching reseeded =
                (Task.AdjointMatching) Task.of(core.poll(3)).get(0);
        assertEquals(a.id(), reseeded.id());
        assertNotEquals(a.proto().getSeed(), reseeded.proto().getSeed(), "re-seeded once");
        core.onFailure(f);
        assertEquals(RunCore.Phase.FAILED, core.phase());
        TaskFailedException e =
                assertInstanceOf(TaskFailedException.class, core.failure().get());
        assertTrue(e.getMessage().contains(a.id().toString()), e.getMessage());
    }

    @Test
    void invalidGradientCountsAsAFailureAndIsNotApplied() {
        RunCore core = trainingCore("");
        Task.AdjointMatching a = (Task.AdjointMatching) Task.of(core.poll(1)).get(0);
        float[] bad = new float[TestingRuns.SIZE];
        bad[3] = Float.NaN;
        core.onGradient(
                GradientDone.newBuilder()
                        .setTaskId(a.proto().getTaskId())
                        .setSampleCount(4)
                        .build(),
                bad);
        core.onGradient(
                GradientDone.newBuilder()
                        .setTaskId(a.proto().getTaskId())
                        .setSampleCount(4)
                        .build(),
                new float[3]);
        assertEquals(List.of(a, a), Task.of(core.poll(2)), "re-issued after each bad gradient");
        assertEquals(0, core.currentVersion().getVersion());
    }
}
