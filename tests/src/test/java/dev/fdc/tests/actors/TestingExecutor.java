package dev.fdc.tests.actors;

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
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A deterministic stand-in for the engine executor: the "gradient" of an AM task is a fixed
 * function of the fetched θ_v, the fetched base and the task seed, g_i = (θ_i − sin i) + 0.1 (θ_i −
 * base_i) + 0.01 η u(seed, i) with u a hash in [−1, 1); so a gradient computed against the wrong
 * parameters, or applied twice, changes the final parameters. Statistics return "rewards" = a few
 * values of θ. Optional hooks delay, fail (once per task id) or observe tasks.
 */
final class TestingExecutor implements TaskExecutor {

    private final String worker;
    private final ParameterSource parameters;
    private final ToLongFunction<TaskId> delayMillis;
    private final Predicate<TaskId> fail;
    private final BiConsumer<String, TaskId> started;

    TestingExecutor(
            String worker,
            ParameterSource parameters,
            ToLongFunction<TaskId> delayMillis,
            Predicate<TaskId> fail,
            BiConsumer<String, TaskId> started) {
        this.worker = worker;
        this.parameters = parameters;
        this.delayMillis = delayMillis;
        this.fail = fail;
        this.started = started;
    }

    static TaskExecutorFactory factory(
            String worker,
            ToLongFunction<TaskId> delayMillis,
            Predicate<TaskId> fail,
            BiConsumer<String, TaskId> started) {
        return (setup, device, params, contents) -> new TestingExecutor(worker, params, delayMillis, fail, started);
    }

    static TaskExecutorFactory plain() {
        return factory("w", id -> 0, id -> false, (w, id) -> {});
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
        return new GradientOutcome(
                g,
                GradientDone.newBuilder()
                        .setSampleCount(task.getBatchSize())
                        .setLoss(LossSummary.newBuilder()
                                .setCount(task.getBatchSize())
                                .setMean(g[0] * g[0]))
                        .build());
    }

    @Override
    public StatisticsOutcome statistics(StatisticsTask task) throws TaskFailure {
        begin(task.getTaskId());
        float[] theta = parameters.fetch(task.getParameterVersion());
        float[] rewards = {theta[0], theta[1], theta[theta.length - 1], noise(task.getSeed(), 0)};
        return new StatisticsOutcome(
                StatisticsResult.newBuilder().setSampleCount(rewards.length).build(), Map.of("rewards", rewards));
    }

    @Override
    public CriticOutcome critic(CriticTask task) throws TaskFailure {
        throw new TaskFailure(
                FailureKind.FAILURE_KIND_BAD_INPUT, "the testing executor trains no critics", false, null);
    }

    private void begin(TaskId id) throws TaskFailure {
        started.accept(worker, id);
        long delay = delayMillis.applyAsLong(id);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
