package dev.fdc.tests.actors;

import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.LossSummary;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.workers.actor.TaskExecutorFactory;
import dev.fdc.workers.exec.CriticOutcome;
import dev.fdc.workers.exec.GradientOutcome;
import dev.fdc.workers.exec.ParameterSource;
import dev.fdc.workers.exec.StatisticsOutcome;
import dev.fdc.workers.exec.TaskExecutor;
import dev.fdc.workers.exec.TaskFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A deterministic stand-in for the engine executor, fast enough for many runs in a test: the
 * "gradient" of an AM task is a fixed function of the fetched θ_v, the fetched base and the task
 * seed, g_i = (θ_i − sin i) + 0.1 (θ_i − base_i) + 0.01 η u(seed, i) with u a hash in [−1, 1), so a
 * gradient computed against the wrong parameters, or applied twice, changes the final parameters.
 * A statistics task's rewards are r_j = θ_0 + θ_1 + u(seed, j), its samples (when asked) the rewards
 * and zeros. Every task passes the {@link TaskGate} first; {@code fail} injects a NaN failure.
 */
final class TestingExecutor implements TaskExecutor {

    private final String worker;
    private final ParameterSource parameters;
    private final TaskGate gate;
    private final Predicate<TaskId> fail;

    TestingExecutor(String worker, ParameterSource parameters, TaskGate gate, Predicate<TaskId> fail) {
        this.worker = worker;
        this.parameters = parameters;
        this.gate = gate;
        this.fail = fail;
    }

    static TaskExecutorFactory factory(String worker, TaskGate gate, Predicate<TaskId> fail) {
        return (setup, device, params, contents) -> new TestingExecutor(worker, params, gate, fail);
    }

    static TaskExecutorFactory plain(String worker) {
        return factory(worker, new TaskGate(), id -> false);
    }

    @Override
    public GradientOutcome adjointMatching(AdjointMatchingTask task) throws TaskFailure {
        begin(task.getTaskId());
        float[] theta = parameters.fetch(task.getParameterVersion());
        float[] base = parameters.fetch(task.getBaseVersion());
        float eta = (float) task.getEta();
        float[] g = new float[theta.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (theta[i] - (float) Math.sin(i))
                    + 0.1f * (theta[i] - base[i])
                    + 0.01f * eta * noise(task.getSeed(), i);
        }
        GradientDone.Builder done = GradientDone.newBuilder()
                .setSampleCount(task.getBatchSize())
                .setLoss(LossSummary.newBuilder()
                        .setCount(task.getBatchSize())
                        .setMean(g[0] * g[0])
                        .setP90(Math.abs(g[1])));
        for (int j = 0; j < task.getBatchSize(); j++) {
            done.addSampleLosses(Math.abs(noise(task.getSeed(), j)));
        }
        return new GradientOutcome(g, done.build());
    }

    @Override
    public StatisticsOutcome statistics(StatisticsTask task) throws TaskFailure {
        begin(task.getTaskId());
        float[] theta = parameters.fetch(task.getParameterVersion());
        int n = task.getSampleCount();
        float[] rewards = new float[n];
        for (int j = 0; j < n; j++) {
            rewards[j] = theta[0] + theta[1] + noise(task.getSeed(), j);
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put(TensorNames.REWARDS, rewards);
        if (task.getReturnSamples()) {
            float[] samples = new float[2 * n];
            for (int j = 0; j < n; j++) {
                samples[2 * j] = rewards[j];
            }
            arrays.put(TensorNames.SAMPLES, samples);
        }
        return new StatisticsOutcome(
                StatisticsResult.newBuilder().setSampleCount(n).build(), arrays);
    }

    @Override
    public CriticOutcome critic(CriticTask task) throws TaskFailure {
        throw new TaskFailure(
                FailureKind.FAILURE_KIND_BAD_INPUT, "the testing executor trains no critics", false, null);
    }

    private void begin(TaskId id) throws TaskFailure {
        gate.pass(worker, id);
        if (fail.test(id)) {
            throw new TaskFailure(
                    FailureKind.FAILURE_KIND_NAN, "injected NaN in task " + id.getTaskIndex(), true, null);
        }
    }

    /** A float in [−1, 1) from (seed, i): SplitMix64 finalizer. */
    static float noise(long seed, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 40) / (float) (1 << 23) - 1f;
    }

    @Override
    public void close() {}
}
