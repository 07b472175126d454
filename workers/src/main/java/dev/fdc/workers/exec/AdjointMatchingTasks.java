package dev.fdc.workers.exec;

import dev.fdc.gpu.adjoint.AdjointMatching;
import dev.fdc.gpu.adjoint.AdjointMatchingConfig;
import dev.fdc.gpu.adjoint.AdjointMatchingResult;
import dev.fdc.numerics.optim.LossClipping;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.protocol.ChunkLayout;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.LossSummary;
import dev.fdc.protocol.v1.ScoreModel;
import dev.fdc.protocol.v1.TensorInfo;

/**
 * What an {@link AdjointMatchingTask}'s fields mean to the engine, and what its result says back:
 *
 * <ul>
 *   <li>the computation's size: m = {@code batch_size} trajectories on L = {@code grid_steps}
 *       steps; the loss's time subset is ⌊L/4⌋ last + ⌊L/4⌋ random indices (MATH.md §3) or, when
 *       {@code time_subset_size} = |S| &gt; 0, max(1, ⌊|S|/2⌋) last + the rest random;
 *   <li>its randomness: {@code AdjointMatching.stream(seed, k, n, task index)}, a function of the
 *       task alone, so any worker computes the same gradient;
 *   <li>the clipping threshold: {@code loss_clip_threshold}, absent meaning +∞.
 * </ul>
 */
final class AdjointMatchingTasks {

    private AdjointMatchingTasks() {}

    /** The computation's size, or BAD_INPUT naming the field. */
    static AdjointMatchingConfig config(AdjointMatchingTask task, String id) throws TaskFailure {
        requireVersions(task, id);
        int m = task.getBatchSize();
        int steps = task.getGridSteps();
        int subset = task.getTimeSubsetSize();
        if (m < 1) {
            throw TaskFailures.badInput(id, "batch_size is " + m + ", expected ≥ 1");
        }
        if (steps < 2) {
            throw TaskFailures.badInput(id, "grid_steps is " + steps + ", expected ≥ 2");
        }
        if (subset < 0 || subset > steps) {
            throw TaskFailures.badInput(
                    id, "time_subset_size is " + subset + ", expected 0 (default) to grid_steps = " + steps);
        }
        if (task.hasLossClipThreshold() && !(task.getLossClipThreshold() > 0)) {
            throw TaskFailures.badInput(
                    id, "loss_clip_threshold is " + task.getLossClipThreshold() + ", expected > 0 or absent");
        }
        if (!task.hasReward()) {
            throw TaskFailures.badInput(id, "reward is missing");
        }
        if (subset == 0) {
            return AdjointMatchingConfig.of(m, steps);
        }
        int last = Math.max(1, subset / 2);
        return new AdjointMatchingConfig(m, steps, last, subset - last);
    }

    /** The task's random stream. */
    static CounterRng stream(AdjointMatchingTask task) {
        return AdjointMatching.stream(
                task.getSeed(),
                task.getTaskId().getMirrorStep(),
                task.getTaskId().getAmStep(),
                task.getTaskId().getTaskIndex());
    }

    /** The per-sample loss threshold (+∞ when absent). */
    static double clipThreshold(AdjointMatchingTask task) {
        return task.hasLossClipThreshold() ? task.getLossClipThreshold() : Double.POSITIVE_INFINITY;
    }

    /** Whether a term of the reward needs the pre-trained model. */
    static boolean needsPretrained(AdjointMatchingTask task) {
        for (LinearizedTerm t : task.getReward().getTermsList()) {
            if (t.hasDensityRatioScore() || (t.hasScore() && t.getScore().getModel() == ScoreModel.PRE)) {
                return true;
            }
        }
        return false;
    }

    /** NAN if the gradient, a per-sample loss or the reward mean is not finite. */
    static void requireFinite(AdjointMatchingResult r, String id) throws TaskFailure {
        String bad = TaskFailures.nonFinite(r.perSampleLoss());
        if (bad != null) {
            throw TaskFailures.nan(id, "per-sample losses: " + bad);
        }
        bad = TaskFailures.nonFinite(r.gradient());
        if (bad != null) {
            throw TaskFailures.nan(id, "gradient: " + bad);
        }
        if (!Double.isFinite(r.rewardMean()) || !Double.isFinite(r.controlCost())) {
            throw TaskFailures.nan(id, "reward mean " + r.rewardMean() + ", control cost " + r.controlCost());
        }
    }

    /** The GradientDone of a computed task. */
    static GradientDone done(AdjointMatchingTask task, AdjointMatchingResult r, double wallSeconds) {
        float[] losses = r.perSampleLoss();
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : losses) {
            sum += l;
            max = Math.max(max, l);
        }
        DType dtype = task.getBf16Gradients() ? DType.DTYPE_BF16 : DType.DTYPE_FP32;
        long p = r.gradient().length;
        GradientDone.Builder b = GradientDone.newBuilder()
                .setTaskId(task.getTaskId())
                .setParameterVersion(task.getParameterVersion())
                .setSampleCount(losses.length)
                .setGradient(TensorInfo.newBuilder()
                        .setName(TensorNames.GRADIENT)
                        .addShape(p)
                        .setDtype(dtype)
                        .setTotalElements(p)
                        .setChunkCount(ChunkLayout.chunkCount(p, dtype)))
                .setLoss(LossSummary.newBuilder()
                        .setCount(losses.length)
                        .setMean(sum / losses.length)
                        .setP90(LossClipping.percentile(losses, LossClipping.PERCENTILE))
                        .setClippedCount(r.clipped())
                        .setMax(max))
                .setRewardMean(r.rewardMean())
                .setControlCost(r.controlCost())
                .setWallTimeSeconds(wallSeconds);
        for (float l : losses) {
            b.addSampleLosses(l);
        }
        return b.build();
    }

    private static void requireVersions(AdjointMatchingTask task, String id) throws TaskFailure {
        if (!task.hasParameterVersion()) {
            throw TaskFailures.badInput(id, "parameter_version is missing");
        }
        if (!task.hasBaseVersion()) {
            throw TaskFailures.badInput(id, "base_version is missing");
        }
    }
}
