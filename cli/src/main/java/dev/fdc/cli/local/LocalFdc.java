package dev.fdc.cli.local;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import dev.fdc.coordinator.run.RunCore;
import dev.fdc.coordinator.run.RunListener;
import dev.fdc.coordinator.run.RunSpec;
import dev.fdc.coordinator.run.Task;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.TaskFailed;
import dev.fdc.workers.exec.ContentSource;
import dev.fdc.workers.exec.CriticOutcome;
import dev.fdc.workers.exec.GradientOutcome;
import dev.fdc.workers.exec.ParameterSource;
import dev.fdc.workers.exec.StatisticsOutcome;
import dev.fdc.workers.exec.TaskExecutor;
import dev.fdc.workers.exec.TaskFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The single-process driver: a {@link RunCore} and one or more {@link TaskExecutor}s in the
 * calling thread, no actors. Each poll's tasks go round-robin to the executors and their results
 * straight back into the core; executors read parameters and contents from the core by reference
 * ({@link #parameterSource()}, {@link #contentSource()}). Optionally writes the core's checkpoints
 * into a directory with a {@link CheckpointStore} and resumes from the newest one there.
 *
 * <pre>
 * try (LocalFdc fdc = LocalFdc.create(spec, listener, checkpointDir)) {
 *   fdc.addExecutor(EngineTaskExecutor.builder().setModel(spec.model())
 *       .setParameters(fdc.parameterSource()).setContent(fdc.contentSource()).build());
 *   RunCore done = fdc.run();
 * }
 * </pre>
 */
public final class LocalFdc implements AutoCloseable {

    private final RunCore core;
    private final CheckpointStore store;
    private final Map<String, byte[]> bytes;
    private final List<TaskExecutor> executors = new ArrayList<>();
    private long checkpointsWritten;
    private int evaluations;
    private final int gridSteps;

    private LocalFdc(RunCore core, CheckpointStore store, Map<String, byte[]> bytes, int gridSteps) {
        this.core = core;
        this.gridSteps = gridSteps;
        this.store = store;
        this.bytes = bytes;
    }

    /** A fresh run without checkpoints. */
    public static LocalFdc create(RunSpec spec, RunListener listener) {
        return new LocalFdc(
                RunCore.start(spec, listener), null, Map.of(), spec.config().gridSteps());
    }

    /**
     * A run that checkpoints into {@code directory}: resumed from the newest complete checkpoint
     * there (under a new epoch, persisted first), else fresh. {@code spec.epoch()} is replaced by
     * the directory's new epoch.
     *
     * @param byteContents raw contents by content id (TorchScript model bytes), may be empty
     */
    public static LocalFdc create(RunSpec spec, RunListener listener, Path directory, Map<String, byte[]> byteContents)
            throws IOException {
        CheckpointStore store = new CheckpointStore(directory, spec.config().keepCheckpoints());
        Optional<CheckpointState> latest = store.loadLatest();
        long epoch = store.takeNewEpoch();
        RunSpec s = new RunSpec(
                spec.runId(), epoch, spec.config(), spec.model(), spec.objective(), spec.schedule(), spec.pretrained());
        RunCore core = latest.isPresent() ? RunCore.resume(s, latest.get(), listener) : RunCore.start(s, listener);
        return new LocalFdc(core, store, Map.copyOf(byteContents), spec.config().gridSteps());
    }

    /** Adds an executor (closed with this driver). */
    public LocalFdc addExecutor(TaskExecutor executor) {
        executors.add(executor);
        return this;
    }

    /** Parameters by version, by reference from the core's store. */
    public ParameterSource parameterSource() {
        return version -> {
            try {
                return core.parameters(version);
            } catch (NoSuchElementException e) {
                throw new TaskFailure(FailureKind.FAILURE_KIND_BAD_INPUT, e.getMessage(), false, e);
            }
        };
    }

    /** Contents by id from the core's store (floats) or the byte contents given at creation. */
    public ContentSource contentSource() {
        return new ContentSource() {
            @Override
            public float[] floats(ContentRef ref) throws TaskFailure {
                try {
                    return core.content(ref);
                } catch (NoSuchElementException e) {
                    throw new TaskFailure(FailureKind.FAILURE_KIND_BAD_INPUT, e.getMessage(), false, e);
                }
            }

            @Override
            public byte[] bytes(ContentRef ref) throws TaskFailure {
                byte[] b = bytes.get(ref.getContentId());
                if (b == null) {
                    throw new TaskFailure(
                            FailureKind.FAILURE_KIND_BAD_INPUT,
                            "no byte content '" + ref.getContentId() + "'",
                            false,
                            null);
                }
                return b;
            }
        };
    }

    /** The core (for its parameters, counters and phase). */
    public RunCore core() {
        return core;
    }

    /** Checkpoints written so far. */
    public long checkpointsWritten() {
        return checkpointsWritten;
    }

    /**
     * Runs until the core is done or failed.
     *
     * @return the core
     * @throws IllegalStateException if the run failed (with the core's failure as cause)
     */
    public RunCore run() {
        return runUntil(Long.MAX_VALUE);
    }

    /**
     * Runs until the core is done, failed, or has applied {@code maxVersion} updates (a test's
     * interruption point).
     */
    public RunCore runUntil(long maxVersion) {
        if (executors.isEmpty()) {
            throw new IllegalStateException("add at least one executor before running");
        }
        int next = 0;
        while (!core.isDone()
                && core.failure().isEmpty()
                && core.currentVersion().getVersion() < maxVersion) {
            List<Task> tasks = core.poll(System.nanoTime());
            if (tasks.isEmpty()) {
                throw new IllegalStateException(
                        "the run stalled in phase " + core.phase() + ": no task to run in a single process");
            }
            for (Task t : tasks) {
                if (t instanceof Task.Checkpoint c) {
                    write(c.state());
                    continue;
                }
                int i = next++ % executors.size();
                execute(t, executors.get(i), "local-" + i);
            }
        }
        if (core.failure().isPresent()) {
            throw new IllegalStateException(
                    "run failed: " + core.failure().get().getMessage(),
                    core.failure().get());
        }
        return core;
    }

    /**
     * Samples {@code n} points of the current iterate on the first executor (an evaluation task
     * outside the ledger, k = 0), with {@code reward}'s values if given.
     */
    public StatisticsOutcome sample(int n, long seed, RewardModel reward) throws TaskFailure {
        StatisticsTask.Builder b = StatisticsTask.newBuilder()
                .setTaskId(
                        dev.fdc.protocol.v1.TaskId.newBuilder().setRunId("eval").setTaskIndex(evaluations++))
                .setParameterVersion(core.currentVersion())
                .setSampleCount(n)
                .setSeed(seed)
                .setGridSteps(gridSteps)
                .setReturnSamples(true);
        if (reward != null) {
            b.setReward(reward);
        }
        return executors.get(0).statistics(b.build());
    }

    private void execute(Task t, TaskExecutor executor, String worker) {
        try {
            if (t instanceof Task.AdjointMatching a) {
                if (core.assigned(a.id(), worker)) {
                    GradientOutcome o = executor.adjointMatching(a.proto());
                    core.onGradient(o.done(), o.gradient());
                }
            } else if (t instanceof Task.Statistics s) {
                if (core.assigned(s.id(), worker)) {
                    StatisticsOutcome o = executor.statistics(s.proto());
                    core.onStatistics(o.summary(), o.arrays());
                }
            } else if (t instanceof Task.Critic c) {
                if (core.assigned(c.id(), worker)) {
                    CriticOutcome o = executor.critic(c.proto());
                    core.onCritic(o.summary(), o.parameters());
                }
            } else {
                throw new IllegalArgumentException("not a worker task: " + t);
            }
        } catch (TaskFailure f) {
            core.onFailure(TaskFailed.newBuilder()
                    .setTaskId(taskIdOf(t))
                    .setKind(f.kind())
                    .setMessage(String.valueOf(f.getMessage()))
                    .setRetryable(f.retryable())
                    .setWorkerId(worker)
                    .build());
        }
    }

    private static dev.fdc.protocol.v1.TaskId taskIdOf(Task t) {
        if (t instanceof Task.AdjointMatching a) {
            return a.proto().getTaskId();
        } else if (t instanceof Task.Statistics s) {
            return s.proto().getTaskId();
        }
        return ((Task.Critic) t).proto().getTaskId();
    }

    private void write(CheckpointState state) {
        if (store == null) {
            return;
        }
        try {
            store.write(state);
            checkpointsWritten++;
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + state.key().dataFileName(), e);
        }
    }

    @Override
    public void close() {
        for (TaskExecutor e : executors) {
            e.close();
        }
    }
}
