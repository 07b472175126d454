package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.Unit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Failures are TaskFailures of the right kind naming the task, and the executor keeps working. */
class EngineTaskExecutorFailureTest {

    static final String ID = "run/e1/k1/n1/i0";

    @Test
    void nanParametersFailAsNanAndTheExecutorRecovers() throws Exception {
        TestingParameterSource source = ExecutorFixtures.source();
        ParameterVersion broken = TestingParameterSource.version(1, 9);
        float[] p = ExecutorFixtures.parameters(9);
        p[p.length - 1] = Float.NaN; // the last output bias: every velocity of output 2 is NaN
        source.publish(broken, p);
        try (EngineTaskExecutor e = ExecutorFixtures.executor(source)) {
            TaskFailure f = assertThrows(
                    TaskFailure.class,
                    () -> e.adjointMatching(ExecutorFixtures.amTask(1).toBuilder()
                            .setParameterVersion(broken)
                            .build()));
            assertEquals(FailureKind.FAILURE_KIND_NAN, f.kind(), f.getMessage());
            assertTrue(f.retryable());
            assertTrue(f.getMessage().contains(ID), f.getMessage());
            TaskFailure s = assertThrows(
                    TaskFailure.class,
                    () -> e.statistics(StatisticsTask.newBuilder()
                            .setTaskId(ExecutorFixtures.taskId(1, 1, 0))
                            .setParameterVersion(broken)
                            .setSampleCount(4)
                            .setGridSteps(4)
                            .build()));
            assertEquals(FailureKind.FAILURE_KIND_NAN, s.kind(), s.getMessage());
            assertFalse(
                    hasNonFinite(e.adjointMatching(ExecutorFixtures.amTask(2)).gradient()), "next task works");
        }
    }

    @Test
    void aTaskThatCannotFitInMemoryFailsAtOnceAsBadInputNamingTheSetting() throws Exception {
        long m = 4 * MemoryBudget.physicalBytes() / (16L * 2 * 9) + 1; // > physical memory on 8 steps
        try (EngineTaskExecutor e = ExecutorFixtures.executor(ExecutorFixtures.source())) {
            TaskFailure f = assertThrows(
                    TaskFailure.class,
                    () -> e.adjointMatching(ExecutorFixtures.amTask(1).toBuilder()
                            .setBatchSize((int) Math.min(Integer.MAX_VALUE, m))
                            .build()));
            assertEquals(FailureKind.FAILURE_KIND_BAD_INPUT, f.kind(), f.getMessage());
            assertFalse(f.retryable(), "retrying cannot help");
            assertTrue(
                    f.getMessage().contains("fdc.run.trajectories")
                            && f.getMessage().contains(ID),
                    f.getMessage());
            TaskFailure s = assertThrows(
                    TaskFailure.class,
                    () -> e.statistics(StatisticsTask.newBuilder()
                            .setTaskId(ExecutorFixtures.taskId(1, 1, 0))
                            .setParameterVersion(ExecutorFixtures.V1)
                            .setSampleCount(Integer.MAX_VALUE)
                            .setGridSteps(1000)
                            .build()));
            assertTrue(s.getMessage().contains("fdc.run.statistics-samples"), s.getMessage());
        }
    }

    @Test
    void badFieldsFailAsBadInputNamingTaskAndField() throws Exception {
        try (EngineTaskExecutor e = ExecutorFixtures.executor(ExecutorFixtures.source())) {
            AdjointMatchingTask ok = ExecutorFixtures.amTask(1);
            assertBadInput(e, ok.toBuilder().setBatchSize(0).build(), "task " + ID + ": batch_size is 0");
            assertBadInput(e, ok.toBuilder().setGridSteps(1).build(), "grid_steps");
            assertBadInput(e, ok.toBuilder().setTimeSubsetSize(9).build(), "time_subset_size");
            assertBadInput(e, ok.toBuilder().setLossClipThreshold(Double.NaN).build(), "loss_clip_threshold");
            assertBadInput(e, ok.toBuilder().clearBaseVersion().build(), "base_version");
            assertBadInput(
                    e,
                    ok.toBuilder()
                            .setParameterVersion(TestingParameterSource.version(1, 77))
                            .build(),
                    "e1/v77");
            LinearizedReward unknown = LinearizedReward.newBuilder()
                    .setScale(1)
                    .addTerms(LinearizedTerm.newBuilder()
                            .setLabel("cvar")
                            .setWeight(1)
                            .setRewardGradient(RewardGradient.newBuilder()
                                    .setReward(RewardModel.newBuilder()
                                            .setAnalytic(
                                                    AnalyticReward.newBuilder().setName("banana")))
                                    .setUnit(Unit.getDefaultInstance())))
                    .build();
            assertBadInput(e, ok.toBuilder().setReward(unknown).build(), "banana");
            assertBadInput(e, ok.toBuilder().clearTaskId().build(), "task_id");
            assertBadInput(
                    e,
                    StatisticsTask.newBuilder()
                            .setTaskId(ok.getTaskId())
                            .setParameterVersion(ok.getParameterVersion())
                            .setSampleCount(4)
                            .setGridSteps(4)
                            .setFeatures("cubic")
                            .build(),
                    "features");
        }
    }

    @Test
    void parametersOfTheWrongSizeFailAsBadInput() throws Exception {
        TestingParameterSource source = ExecutorFixtures.source();
        ParameterVersion shortVersion = TestingParameterSource.version(1, 5);
        source.publish(shortVersion, new float[3]);
        try (EngineTaskExecutor e = ExecutorFixtures.executor(source)) {
            assertBadInput(
                    e,
                    ExecutorFixtures.amTask(1).toBuilder()
                            .setBaseVersion(shortVersion)
                            .build(),
                    "has 3 parameter values");
        }
    }

    @Test
    void outOfMemoryAndOtherExceptionsAreClassified() {
        assertEquals(
                FailureKind.FAILURE_KIND_OUT_OF_MEMORY,
                TaskFailures.of(ID, "sampling", new OutOfMemoryError("Java heap"))
                        .kind());
        TaskFailure oom = TaskFailures.of(
                ID,
                "sampling",
                new IllegalStateException(
                        "wrapped", new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB")));
        assertEquals(FailureKind.FAILURE_KIND_OUT_OF_MEMORY, oom.kind());
        assertTrue(oom.retryable() && oom.getMessage().startsWith("task " + ID), oom.getMessage());
        TaskFailure other = TaskFailures.of(ID, "sampling", new EngineException("shape mismatch"));
        assertEquals(FailureKind.FAILURE_KIND_EXCEPTION, other.kind());
        assertTrue(other.getMessage().contains("shape mismatch"), other.getMessage());
    }

    private static void assertBadInput(EngineTaskExecutor e, AdjointMatchingTask task, String named) {
        TaskFailure f = assertThrows(TaskFailure.class, () -> e.adjointMatching(task));
        check(f, named);
    }

    private static void assertBadInput(EngineTaskExecutor e, StatisticsTask task, String named) {
        TaskFailure f = assertThrows(TaskFailure.class, () -> e.statistics(task));
        check(f, named);
    }

    private static void check(TaskFailure f, String named) {
        assertEquals(FailureKind.FAILURE_KIND_BAD_INPUT, f.kind(), f.getMessage());
        assertFalse(f.retryable(), "bad input is not retryable: " + f.getMessage());
        assertTrue(f.getMessage().startsWith("task "), "names the task: " + f.getMessage());
        assertTrue(f.getMessage().contains(named), "names '" + named + "': " + f.getMessage());
    }

    private static boolean hasNonFinite(float[] v) {
        return Arrays.stream(toDoubles(v)).anyMatch(x -> !Double.isFinite(x));
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
