package dev.fdc.coordinator.run;

import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.LossSummary;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.StatisticsTask;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny deterministic stand-in for a worker: its "gradient" of task T at θ_v is
 * {@code (θ_v − target) + 0.1·reward.scale + 0.05·ξ(T.seed)} with ξ a counter-based Gaussian, its
 * sample count {@code batch + index} (so weighting matters), and its statistics rewards
 * {@code mean(θ) + ξ(T.seed)}: everything is a pure function of the task and the parameters, like
 * the real engine.
 */
final class TestingWorker {

    private final RunCore core;
    private final float[] target;

    TestingWorker(RunCore core, float[] target) {
        this.core = core;
        this.target = target;
    }

    /** The gradient outcome of an AM task. */
    Outcome adjointMatching(AdjointMatchingTask task) {
        float[] theta = core.parameters(task.getParameterVersion()).orElseThrow();
        CounterRng rng = CounterRng.of(task.getSeed(), Purpose.TEST);
        float[] g = new float[theta.length];
        for (int j = 0; j < g.length; j++) {
            g[j] = (float) (theta[j] - target[j] + 0.1 * task.getReward().getScale() + 0.05 * rng.nextGaussian());
        }
        float[] losses = new float[5];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = (float) Math.abs(rng.nextGaussian());
        }
        LossSummary.Builder loss = LossSummary.newBuilder()
                .setCount(losses.length)
                .setMean(losses[0])
                .setP90(losses[1]);
        if (task.hasLossClipThreshold()) {
            loss.setClippedCount(losses[0] > task.getLossClipThreshold() ? 1 : 0);
        }
        GradientDone.Builder done = GradientDone.newBuilder()
                .setTaskId(task.getTaskId())
                .setParameterVersion(task.getParameterVersion())
                .setSampleCount(task.getBatchSize() + task.getTaskId().getTaskIndex())
                .setLoss(loss)
                .setRewardMean(rng.nextGaussian())
                .setControlCost(Math.abs(g[0]));
        for (float l : losses) {
            done.addSampleLosses(l);
        }
        return new Outcome(done.build(), g);
    }

    /** The statistics outcome of a statistics task. */
    Map<String, float[]> statistics(StatisticsTask task) {
        float[] theta = core.parameters(task.getParameterVersion()).orElseThrow();
        double mean = 0;
        for (float x : theta) {
            mean += x;
        }
        mean /= theta.length;
        CounterRng rng = CounterRng.of(task.getSeed(), Purpose.TEST);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        float[] r = new float[task.getSampleCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (mean + rng.nextGaussian());
        }
        if (task.hasReward()) {
            arrays.put("rewards", r);
        }
        return arrays;
    }

    /** The summary of a statistics task. */
    static StatisticsResult statisticsResult(StatisticsTask task) {
        return StatisticsResult.newBuilder()
                .setTaskId(task.getTaskId())
                .setParameterVersion(task.getParameterVersion())
                .setSampleCount(task.getSampleCount())
                .build();
    }

    /** A gradient and its summary. */
    record Outcome(GradientDone done, float[] gradient) {}
}
