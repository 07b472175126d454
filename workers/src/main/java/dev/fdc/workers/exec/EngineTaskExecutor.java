package dev.fdc.workers.exec;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.adjoint.AdjointMatching;
import dev.fdc.gpu.adjoint.AdjointMatchingConfig;
import dev.fdc.gpu.adjoint.AdjointMatchingResult;
import dev.fdc.gpu.critic.CriticConfig;
import dev.fdc.gpu.critic.CriticTrainer;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.gpu.reward.linearized.LinearizedRewardEvaluator;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.TaskIdFormat;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.ModelSpec;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.TaskId;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link TaskExecutor} on fdc's engine: one root manager (one device), frozen model replicas
 * by parameter version ({@link ReplicaCache}), one trainable replica that Adjoint Matching writes
 * gradients into (loaded with the task's version, so a cached replica never requires gradients),
 * and the rewards tasks name ({@link RewardModels}). Each task allocates in its own sub-manager,
 * closed when the task ends, so the count of live native arrays returns to where it was
 * ({@link #liveNativeArrays}). Tasks run one at a time (methods are synchronized).
 *
 * <p>Adjoint Matching samples and evaluates its loss with the trainable replica's networks in
 * {@link DjlRuntime#precision()} (system property {@code fdc.precision}: fp32 by default, bf16, or
 * auto = bf16 only where the CPU has AMX); the base, the adjoint and statistics tasks stay in fp32.
 *
 * <p>Failures (see {@link TaskFailures}): invalid fields BAD_INPUT; non-finite results NAN;
 * out of memory OUT_OF_MEMORY; anything else EXCEPTION; each message names the task id.
 */
public final class EngineTaskExecutor implements TaskExecutor {

    private final NDManager root;
    private final ReplicaFactory factory;
    private final ReplicaCache replicas;
    private final RewardModels rewards;
    private final ContentSource content;
    private final Precision precision = DjlRuntime.precision();
    private VelocityField trainable;
    private ParameterVersion trainableVersion;
    private boolean closed;

    private EngineTaskExecutor(Builder b, ReplicaFactory factory) {
        this.root = DjlRuntime.newManager(b.name, b.device);
        this.factory = factory;
        this.content = b.content;
        this.replicas = new ReplicaCache(factory, b.parameters, root, b.capacity);
        this.rewards = new RewardModels(b.content, root);
    }

    /** A builder: the model (spec or replica factory), parameter source and content source are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized GradientOutcome adjointMatching(AdjointMatchingTask task) throws TaskFailure {
        long start = System.nanoTime();
        String id = id(task.hasTaskId(), task.getTaskId());
        AdjointMatchingConfig config = AdjointMatchingTasks.config(task, id);
        VelocityField version = replicas.get(task.getParameterVersion(), id, "parameter_version");
        VelocityField base = replicas.get(task.getBaseVersion(), id, "base_version");
        VelocityField pre = base; // unused unless a term names the pre-trained model
        if (AdjointMatchingTasks.needsPretrained(task)) {
            if (!task.hasPretrainedVersion()) {
                throw TaskFailures.badInput(
                        id, "pretrained_version is missing but a reward term needs the pre-trained model");
            }
            pre = replicas.get(task.getPretrainedVersion(), id, "pretrained_version");
        }
        MemoryBudget.checkTrajectories(
                id, config.trajectories(), config.steps(), version.dim(), "fdc.run.trajectories");
        VelocityField fine = trainable(version, task.getParameterVersion(), id);
        LinearizedRewardEvaluator.Builder evaluator;
        try {
            evaluator = LinearizedRewardEvaluator.builder()
                    .setBase(base)
                    .setPretrained(pre)
                    .setContent(rewards.contentsFor(task.getReward()))
                    .optRewardModels(rewards.resolverFor(task.getReward(), id));
        } catch (TaskFailure f) {
            throw TaskFailures.named(id, "reward", f);
        }
        evaluator.optSeed(CounterRng.of(
                        task.getSeed(),
                        Purpose.HUTCHINSON,
                        task.getTaskId().getMirrorStep(),
                        task.getTaskId().getAmStep(),
                        task.getTaskId().getTaskIndex())
                .nextInt());
        AdjointMatchingResult result;
        try (NDManager scope = root.newSubManager()) {
            LinearizedRewardEvaluator reward;
            try {
                reward = evaluator.build(task.getReward(), scope);
            } catch (IllegalArgumentException e) {
                throw TaskFailures.badInput(id, "reward", e);
            }
            try (reward) {
                result = AdjointMatching.compute(
                        fine.inPrecision(precision),
                        base,
                        reward,
                        config,
                        AdjointMatchingTasks.stream(task),
                        AdjointMatchingTasks.clipThreshold(task),
                        scope);
            }
        } catch (TaskFailure f) {
            throw f;
        } catch (Throwable t) {
            throw TaskFailures.of(id, "computing the Adjoint Matching gradient", t);
        }
        AdjointMatchingTasks.requireFinite(result, id);
        double wall = (System.nanoTime() - start) * 1e-9;
        return new GradientOutcome(result.gradient(), AdjointMatchingTasks.done(task, result, wall));
    }

    @Override
    public synchronized StatisticsOutcome statistics(StatisticsTask task) throws TaskFailure {
        long start = System.nanoTime();
        String id = id(task.hasTaskId(), task.getTaskId());
        StatisticsTasks.validate(task, id);
        VelocityField model = replicas.get(task.getParameterVersion(), id, "parameter_version");
        VelocityField pre = null;
        if (task.hasLogDensityRatio()) {
            pre = replicas.get(
                    task.getLogDensityRatio().getPretrainedVersion(), id, "log_density_ratio.pretrained_version");
        }
        MemoryBudget.checkTrajectories(
                id, task.getSampleCount(), task.getGridSteps(), model.dim(), "fdc.run.statistics-samples");
        TerminalReward reward = task.hasReward() ? rewards.reward(task.getReward(), id, "reward") : null;
        Map<String, float[]> arrays;
        try (NDManager scope = root.newSubManager()) {
            arrays = StatisticsTasks.compute(task, id, model, reward, pre, scope);
        } catch (TaskFailure f) {
            throw f;
        } catch (Throwable t) {
            throw TaskFailures.of(id, "computing statistics", t);
        }
        double wall = (System.nanoTime() - start) * 1e-9;
        return new StatisticsOutcome(StatisticsTasks.summary(task, arrays, wall), arrays);
    }

    @Override
    public synchronized CriticOutcome critic(CriticTask task) throws TaskFailure {
        long start = System.nanoTime();
        String id = id(task.hasTaskId(), task.getTaskId());
        CriticConfig config = CriticTasks.config(task, id);
        float[] current;
        float[] pre;
        try {
            current = content.floats(task.getCurrentSamples());
            pre = content.floats(task.getPreSamples());
        } catch (TaskFailure f) {
            throw TaskFailures.named(id, "samples", f);
        }
        dev.fdc.gpu.critic.CriticResult result;
        try {
            result = CriticTrainer.train(current, pre, config, root);
        } catch (IllegalArgumentException e) {
            throw TaskFailures.badInput(id, "samples", e);
        } catch (Throwable t) {
            throw TaskFailures.of(id, "training the critic", t);
        }
        float[] parameters = result.parameters();
        String bad = TaskFailures.nonFinite(parameters);
        if (bad != null || !Double.isFinite(result.value())) {
            throw TaskFailures.nan(
                    id, "critic parameters or value (" + result.value() + "): " + (bad == null ? "value" : bad));
        }
        double wall = (System.nanoTime() - start) * 1e-9;
        return new CriticOutcome(CriticTasks.summary(task, result, config, wall), parameters);
    }

    /** Native arrays alive under this executor's root manager (replicas, rewards and any leak). */
    public synchronized int liveNativeArrays() {
        return root.getManagedArrays().size();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (trainable != null) {
            trainable.close();
        }
        replicas.close();
        rewards.close();
        root.close();
    }

    /** The trainable replica holding {@code version}'s values (a separate copy of the cached replica). */
    private VelocityField trainable(VelocityField replica, ParameterVersion version, String id) throws TaskFailure {
        if (trainable == null) {
            try {
                trainable = factory.create(root);
            } catch (TaskFailure f) {
                throw TaskFailures.named(id, "model", f);
            }
        }
        if (!version.equals(trainableVersion)) {
            trainableVersion = null;
            trainable.parameters().copyFrom(replica.parameters());
            trainableVersion = version;
        }
        return trainable;
    }

    private String id(boolean present, TaskId taskId) throws TaskFailure {
        if (closed) {
            throw new IllegalStateException("executor is closed");
        }
        String id = TaskIdFormat.format(taskId);
        if (!present || taskId.getRunId().isEmpty()) {
            throw TaskFailures.badInput(id, "task_id is missing or has no run_id");
        }
        return id;
    }

    /** The settings of an {@link EngineTaskExecutor}. */
    public static final class Builder {
        private ReplicaFactory factory;
        private ModelSpec spec;
        private ParameterSource parameters;
        private ContentSource content;
        private int capacity = 5;
        private String name = "executor";
        private ai.djl.Device device;

        private Builder() {}

        /** The run's model (validated now; invalid specs are refused naming the field). */
        public Builder setModel(ModelSpec spec) {
            dev.fdc.gpu.model.ModelFactory.validate(spec);
            this.spec = spec;
            this.factory = null;
            return this;
        }

        /** How replicas are built, instead of a spec (analytic test fields). */
        public Builder setReplicaFactory(ReplicaFactory factory) {
            this.factory = factory;
            this.spec = null;
            return this;
        }

        /** Where versions missing from the cache come from. */
        /** The device all of this executor's arrays live on (default: the engine's default device). */
        public Builder optDevice(ai.djl.Device device) {
            this.device = device;
            return this;
        }

        /** Where parameter versions come from. */
        public Builder setParameters(ParameterSource parameters) {
            this.parameters = parameters;
            return this;
        }

        /** Where large contents (sample sets, critic parameters, TorchScript bytes) come from. */
        public Builder setContent(ContentSource content) {
            this.content = content;
            return this;
        }

        /** Parameter versions kept (default 5, at least 3). */
        public Builder optCacheCapacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        /** The root manager's name (default "executor"). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** The executor; close it to release every native array. */
        public EngineTaskExecutor build() {
            Objects.requireNonNull(parameters, "parameter source");
            Objects.requireNonNull(content, "content source");
            if (factory == null && spec == null) {
                throw new NullPointerException("model spec or replica factory");
            }
            if (capacity < 3) {
                throw new IllegalArgumentException(
                        "cache capacity must be ≥ 3 (current, base, pre-trained), got " + capacity);
            }
            return new EngineTaskExecutor(this, factory != null ? factory : ReplicaFactory.of(spec, content));
        }
    }
}
