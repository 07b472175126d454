package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.adjoint.AdjointMatching;
import dev.fdc.gpu.adjoint.AdjointMatchingConfig;
import dev.fdc.gpu.adjoint.AdjointMatchingResult;
import dev.fdc.gpu.model.ModelFactory;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.linearized.ContentResolver;
import dev.fdc.gpu.reward.linearized.LinearizedRewardEvaluator;
import dev.fdc.numerics.optim.LossClipping;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientDone;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An Adjoint Matching task's gradient is a function of the task alone: the same task twice, on
 * one executor and on two, gives bit-identical gradients, equal to calling
 * {@link AdjointMatching#compute} directly with the same models, reward, config and stream.
 */
class EngineTaskExecutorDeterminismTest {

    @Test
    void sameTaskTwiceAndOnTwoExecutorsGivesBitIdenticalGradients() throws Exception {
        AdjointMatchingTask task = ExecutorFixtures.amTask(3);
        try (EngineTaskExecutor a = ExecutorFixtures.executor(ExecutorFixtures.source());
                EngineTaskExecutor b = ExecutorFixtures.executor(ExecutorFixtures.source())) {
            GradientOutcome first = a.adjointMatching(task);
            a.adjointMatching(ExecutorFixtures.amTask(4)); // another task in between
            GradientOutcome second = a.adjointMatching(task);
            GradientOutcome other = b.adjointMatching(task);
            assertArrayEquals(first.gradient(), second.gradient(), "same executor, same task");
            assertArrayEquals(first.gradient(), other.gradient(), "two executors, same task");
            assertEquals(first.done().getSampleLossesList(), other.done().getSampleLossesList());
            assertFalse(isZero(first.gradient()), "a linear reward gives a non-zero gradient");
            float[] differentTask =
                    a.adjointMatching(ExecutorFixtures.amTask(4)).gradient();
            assertFalse(
                    java.util.Arrays.equals(first.gradient(), differentTask), "another task index draws other noise");
        }
    }

    @Test
    void gradientEqualsADirectAdjointMatchingComputation() throws Exception {
        AdjointMatchingTask task = ExecutorFixtures.amTask(2).toBuilder()
                .setLossClipThreshold(50)
                .setTimeSubsetSize(5)
                .build();
        GradientOutcome out;
        try (EngineTaskExecutor e = ExecutorFixtures.executor(ExecutorFixtures.source())) {
            out = e.adjointMatching(task);
        }
        AdjointMatchingResult direct;
        try (NDManager m = DjlRuntime.newManager("direct");
                VelocityField fine = ModelFactory.create(ExecutorFixtures.MODEL, m);
                VelocityField base = ModelFactory.create(ExecutorFixtures.MODEL, m);
                VelocityField pre = ModelFactory.create(ExecutorFixtures.MODEL, m)) {
            fine.parameters().fromFlat(ExecutorFixtures.parameters(3));
            base.parameters().fromFlat(ExecutorFixtures.parameters(2));
            pre.parameters().fromFlat(ExecutorFixtures.parameters(1));
            try (LinearizedRewardEvaluator reward = LinearizedRewardEvaluator.builder()
                    .setBase(base)
                    .setPretrained(pre)
                    .setContent(ContentResolver.of(Map.of()))
                    .build(task.getReward(), m)) {
                // |S| = 5: max(1, ⌊5/2⌋) = 2 last, 3 random
                direct = AdjointMatching.compute(
                        fine.inPrecision(DjlRuntime.precision()), // as the executor does
                        base,
                        reward,
                        new AdjointMatchingConfig(8, 8, 2, 3),
                        AdjointMatching.stream(42, 1, 2, 0),
                        50,
                        m);
            }
        }
        assertArrayEquals(direct.gradient(), out.gradient(), "executor vs direct AdjointMatching.compute");
        GradientDone done = out.done();
        assertEquals(8, done.getSampleCount());
        assertEquals(task.getParameterVersion(), done.getParameterVersion());
        assertEquals(task.getTaskId(), done.getTaskId());
        assertEquals(direct.rewardMean(), done.getRewardMean(), 0.0);
        assertEquals(direct.controlCost(), done.getControlCost(), 0.0);
        assertEquals(direct.clipped(), done.getLoss().getClippedCount());
        assertEquals(8, done.getLoss().getCount());
        assertEquals(
                LossClipping.percentile(direct.perSampleLoss(), 0.9),
                done.getLoss().getP90(),
                0.0);
        double max = 0;
        double sum = 0;
        for (int i = 0; i < 8; i++) {
            assertEquals(direct.perSampleLoss()[i], done.getSampleLosses(i), 0.0f);
            max = Math.max(max, direct.perSampleLoss()[i]);
            sum += direct.perSampleLoss()[i];
        }
        assertEquals(max, done.getLoss().getMax(), 0.0);
        assertEquals(sum / 8, done.getLoss().getMean(), 1e-12);
        assertEquals(direct.gradient().length, done.getGradient().getTotalElements());
        assertEquals(DType.DTYPE_FP32, done.getGradient().getDtype());
        assertTrue(done.getWallTimeSeconds() > 0);
    }

    private static boolean isZero(float[] g) {
        for (float v : g) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
