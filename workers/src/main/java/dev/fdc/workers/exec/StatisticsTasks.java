package dev.fdc.workers.exec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.gpu.sampling.LogDensity;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.sampling.Trajectory;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.ChunkLayout;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.LogDensityRatioRequest;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.TensorInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link StatisticsTask}: n = {@code sample_count} points of p_v by the memoryless sampler on
 * {@code grid_steps} steps, from the stream {@code (seed, STATISTICS, k, n, task index)}, and the
 * requested arrays at those points: {@code samples} [n, d], {@code rewards} [n],
 * {@code features} [n, p] ({@link FeatureMap}), {@code log_p} and {@code log_p_pre} [n] of the
 * current and the pre-trained model by the reverse probability-flow ODE (exact trace when
 * {@code hutchinson_probes} = 0; both with the same probes, stream
 * {@code (seed, HUTCHINSON, k, n, task index)}, so the ratio's probe noise partly cancels).
 */
final class StatisticsTasks {

    private StatisticsTasks() {}

    /** BAD_INPUT naming the field, if a field is invalid. */
    static void validate(StatisticsTask task, String id) throws TaskFailure {
        if (!task.hasParameterVersion()) {
            throw TaskFailures.badInput(id, "parameter_version is missing");
        }
        if (task.getSampleCount() < 1) {
            throw TaskFailures.badInput(id, "sample_count is " + task.getSampleCount() + ", expected ≥ 1");
        }
        if (task.getGridSteps() < 2) {
            throw TaskFailures.badInput(id, "grid_steps is " + task.getGridSteps() + ", expected ≥ 2");
        }
        if (!task.getFeatures().isEmpty() && FeatureMap.byName(task.getFeatures()) == null) {
            throw TaskFailures.badInput(
                    id, "features is '" + task.getFeatures() + "', expected empty, identity or quadratic");
        }
        if (task.getResultDtype() != DType.DTYPE_UNSPECIFIED
                && task.getResultDtype() != DType.DTYPE_FP32
                && task.getResultDtype() != DType.DTYPE_BF16) {
            throw TaskFailures.badInput(id, "result_dtype is " + task.getResultDtype() + ", expected FP32 or BF16");
        }
        if (task.hasLogDensityRatio()) {
            LogDensityRatioRequest r = task.getLogDensityRatio();
            if (!r.hasPretrainedVersion()) {
                throw TaskFailures.badInput(id, "log_density_ratio.pretrained_version is missing");
            }
            if (r.getOdeSteps() < 1) {
                throw TaskFailures.badInput(id, "log_density_ratio.ode_steps is " + r.getOdeSteps() + ", expected ≥ 1");
            }
            if (r.getHutchinsonProbes() < 0) {
                throw TaskFailures.badInput(
                        id,
                        "log_density_ratio.hutchinson_probes is " + r.getHutchinsonProbes()
                                + ", expected ≥ 0 (0: exact trace)");
            }
        }
    }

    /**
     * Samples and evaluates; arrays are created in {@code scope}.
     *
     * @param reward the task's reward, or null if none was asked for
     * @param pretrained the pre-trained replica, or null if no log-density ratio was asked for
     */
    static Map<String, float[]> compute(
            StatisticsTask task,
            String id,
            VelocityField model,
            TerminalReward reward,
            VelocityField pretrained,
            NDManager scope)
            throws TaskFailure {
        int n = task.getSampleCount();
        int d = model.dim();
        long k = task.getTaskId().getMirrorStep();
        long step = task.getTaskId().getAmStep();
        long index = task.getTaskId().getTaskIndex();
        CounterRng rng = CounterRng.of(task.getSeed(), Purpose.STATISTICS, k, step, index);
        Trajectory traj = MemorylessSampler.sample(model, n, new TimeGrid(task.getGridSteps()), rng, scope);
        NDArray x = traj.terminal();
        float[] samples = ParameterSet.floats(x);
        String bad = TaskFailures.nonFinite(samples);
        if (bad != null) {
            throw TaskFailures.nan(id, "samples: " + bad);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        if (task.getReturnSamples()) {
            out.put(TensorNames.SAMPLES, samples);
        }
        if (reward != null) {
            float[] r;
            try (Autograd.Mode ignored = Autograd.disabled()) {
                r = ParameterSet.floats(reward.value(x));
            }
            out.put(TensorNames.REWARDS, finite(r, TensorNames.REWARDS, id));
        }
        if (!task.getFeatures().isEmpty()) {
            out.put(TensorNames.FEATURES, FeatureMap.byName(task.getFeatures()).apply(samples, d));
        }
        if (pretrained != null) {
            LogDensityRatioRequest req = task.getLogDensityRatio();
            TimeGrid ode = new TimeGrid(req.getOdeSteps());
            int probes = req.getHutchinsonProbes();
            CounterRng probeRng = CounterRng.of(task.getSeed(), Purpose.HUTCHINSON, k, step, index);
            out.put(
                    TensorNames.LOG_P,
                    finite(toFloats(LogDensity.evaluate(model, x, ode, probes, probeRng)), TensorNames.LOG_P, id));
            out.put(
                    TensorNames.LOG_P_PRE,
                    finite(
                            toFloats(LogDensity.evaluate(pretrained, x, ode, probes, probeRng)),
                            TensorNames.LOG_P_PRE,
                            id));
        }
        return out;
    }

    /** The StatisticsResult listing the arrays as TensorInfos. */
    static StatisticsResult summary(StatisticsTask task, Map<String, float[]> arrays, double wallSeconds) {
        DType dtype = task.getResultDtype() == DType.DTYPE_BF16 ? DType.DTYPE_BF16 : DType.DTYPE_FP32;
        int n = task.getSampleCount();
        StatisticsResult.Builder b = StatisticsResult.newBuilder()
                .setTaskId(task.getTaskId())
                .setParameterVersion(task.getParameterVersion())
                .setSampleCount(n)
                .setWallTimeSeconds(wallSeconds);
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            long total = e.getValue().length;
            TensorInfo.Builder t = TensorInfo.newBuilder()
                    .setName(e.getKey())
                    .setDtype(dtype)
                    .setTotalElements(total)
                    .setChunkCount(ChunkLayout.chunkCount(total, dtype));
            t.addShape(n);
            if (e.getKey().equals(TensorNames.SAMPLES) || e.getKey().equals(TensorNames.FEATURES)) {
                t.addShape(total / n);
            }
            b.addTensors(t);
        }
        return b.build();
    }

    private static float[] finite(float[] v, String name, String id) throws TaskFailure {
        String bad = TaskFailures.nonFinite(v);
        if (bad != null) {
            throw TaskFailures.nan(id, name + ": " + bad);
        }
        return v;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
