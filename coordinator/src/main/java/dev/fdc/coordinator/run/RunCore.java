package dev.fdc.coordinator.run;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.ledger.FailureAction;
import dev.fdc.coordinator.ledger.FailureDecision;
import dev.fdc.coordinator.ledger.LedgerCounters;
import dev.fdc.coordinator.ledger.TaskFailedException;
import dev.fdc.coordinator.ledger.TaskFailurePolicy;
import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.coordinator.ledger.TaskLedger;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.Task;
import dev.fdc.protocol.v1.TaskFailed;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinator's logic as a functional core: no actors, threads or NDArrays, only flat
 * {@code float[]}. The coordinator actor (its shell) feeds it events and carries out what {@link
 * #poll} returns; all methods run on one thread.
 *
 * <p><b>Phases</b> (docs/ARCHITECTURE.md): {@link Phase#ESTIMATING Estimating(k)} issues the
 * statistics tasks of the {@link EstimationPlan} and pools the results in task-id order; the
 * objective linearizes them into r = g_k/η_k; the base θ_{k−1} is frozen and Adam's moments reset;
 * {@link Phase#TRAINING Training(k, n = 1..N)} runs AM steps ({@link AmSteps}: sync or async);
 * after step K an optional final estimate measures p_K; then {@link Phase#DONE Done}, or {@link
 * Phase#FAILED Failed} with the cause ({@link #failure()}).
 *
 * <p><b>Checkpoints.</b> Every C updates and at the end of each mirror step the state is captured
 * and {@link #poll} returns it; {@link #resume} continues from one bit for bit in sync mode (tasks
 * and seeds are pure functions of the position).
 *
 * <p><b>Failures.</b> Lost workers and timed-out tasks are re-issued under the same id; failed
 * tasks are retried R times, re-seeded once, then the run fails naming the task, worker and cause;
 * a failure reported as not retryable (bad input) fails the run at once. Invalid gradients (wrong
 * size, non-finite) count as task failures.
 */
public final class RunCore {

    /** Where the run is. */
    public enum Phase {
        ESTIMATING,
        TRAINING,
        DONE,
        FAILED
    }

    private final RunSpec spec;
    private final RunConfig config;
    private final RunListener listener;
    private final RunClock clock = new RunClock();
    private final TaskLedger ledger;
    private final TaskFactory factory;
    private final UpdateStep update;
    private final ParameterVersions versions;
    private final ContentStore contents = new ContentStore();
    private final TaskBook book = new TaskBook();
    private Phase phase;
    private int k;
    private double eta = Double.NaN;
    private LinearizedReward reward;
    private Estimation estimation;
    private AmSteps steps;
    private double criticNoiseFloor = Double.NaN;
    private double lastControlCost = Double.NaN;
    private RuntimeException failure;

    private RunCore(RunSpec spec, RunListener listener) {
        this.spec = spec;
        this.config = spec.config();
        this.listener = listener;
        this.ledger = new TaskLedger(
                spec.runId(), spec.epoch(), new TaskFailurePolicy(config.maxRetries()), config.taskTimeout(), clock);
        this.factory = new TaskFactory(config);
        this.update = new UpdateStep(spec);
        this.versions = update.versions();
    }

    /** A fresh run: θ_0 = θ_pre (version 0), starting with the estimation of mirror step 1. */
    public static RunCore start(RunSpec spec, RunListener listener) {
        RunCore core = new RunCore(spec, listener);
        core.update.startFresh(spec.pretrained());
        core.k = 1;
        core.startEstimation();
        return core;
    }

    /**
     * A run resumed from a checkpoint written by a {@link RunCore} of the same run; {@code spec}
     * carries the new epoch (persisted before this call) and the same config, model and objective.
     *
     * @throws IllegalArgumentException if the checkpoint is of another run, a newer epoch, or does
     *     not fit the model
     */
    public static RunCore resume(RunSpec spec, CheckpointState state, RunListener listener) {
        if (!state.runId().equals(spec.runId()) || state.epoch() > spec.epoch()) {
            throw new IllegalArgumentException("checkpoint of run '" + state.runId() + "' epoch " + state.epoch()
                    + " cannot resume run '" + spec.runId() + "' epoch " + spec.epoch());
        }
        if (state.parameters().length != spec.pretrained().length) {
            throw new IllegalArgumentException("checkpoint of run '" + state.runId() + "' holds "
                    + state.parameters().length + " parameters, the model has " + spec.pretrained().length);
        }
        RunCore core = new RunCore(spec, listener);
        core.update.restore(state);
        spec.schedule().importState(state.scheduleState());
        core.ledger.counters().restore(state.ledgerCounters());
        state.contents().forEach(core.contents::put);
        core.k = state.mirrorStep();
        core.eta = state.eta();
        core.reward = state.reward().orElse(null);
        core.lastControlCost = state.lastControlCost();
        core.criticNoiseFloor = state.criticNoiseFloor();
        if (core.reward == null) {
            core.startEstimation();
        } else {
            core.steps = new AmSteps(spec.config(), core.ledger, core.k, state.amStep(), spec.pretrained().length);
            if (core.steps.finished()) {
                core.afterMirrorStep();
            } else {
                core.phase = Phase.TRAINING;
            }
        }
        return core;
    }

    /** What workers need to join the run: run id, this epoch, the model. */
    public RunSetup setup() {
        return RunSetup.newBuilder()
                .setRunId(spec.runId())
                .setEpoch(spec.epoch())
                .setModel(spec.model())
                .build();
    }

    /**
     * The actions to carry out now: new tasks, re-issues of lost or timed-out ones, and due
     * checkpoints, in order; each task is handed out once per (re)issue.
     *
     * @param nowNanos the shell's monotonic clock (task timeouts are measured on it)
     */
    public List<RunAction> poll(long nowNanos) {
        clock.set(nowNanos);
        if (phase == Phase.ESTIMATING || phase == Phase.TRAINING) {
            for (TaskKey id : ledger.reissueTimedOut()) {
                requeue(id, 0);
            }
        }
        if (phase == Phase.TRAINING) {
            ParameterVersion base = versions.id(versions.baseVersion());
            for (TaskKey id : steps.due()) {
                ledger.issue(id);
                book.issue(
                        id,
                        factory.adjointMatching(
                                id,
                                versions.id(versions.currentVersion()),
                                base,
                                versions.id(0),
                                reward,
                                eta,
                                update.lossClip().threshold()));
            }
        }
        return book.drain();
    }

    /** A worker took a task; false if it no longer needs computing (the worker may skip it). */
    public boolean assigned(dev.fdc.protocol.v1.TaskId id, String workerId) {
        TaskKey key = TaskKey.of(id);
        return book.contains(key) && ledger.assign(key, workerId);
    }

    /** A worker left or died: its tasks are re-issued under the same ids at the next poll. */
    public void onWorkerLost(String workerId) {
        for (TaskKey id : ledger.workerLost(workerId)) {
            requeue(id, 0);
        }
    }

    /** A task failed on a worker: retried, re-seeded, or the run fails (at once if not retryable). */
    public void onFailure(TaskFailed failed) {
        String cause = failed.getKind() + ": " + failed.getMessage();
        fail(TaskKey.of(failed.getTaskId()), failed.getWorkerId(), cause, failed.getRetryable());
    }

    private void fail(TaskKey id, String workerId, String cause, boolean retryable) {
        try {
            FailureDecision d = retryable
                    ? ledger.recordFailure(id, workerId.isEmpty() ? null : workerId, cause)
                    : ledger.recordPermanentFailure(id, workerId.isEmpty() ? null : workerId, cause);
            if (d.reissue()) {
                requeue(id, d.action() == FailureAction.RESEED ? d.seedGeneration() : 0);
            }
        } catch (TaskFailedException e) {
            failRun(e);
        }
    }

    /** An AM gradient arrived (complete); applied at most once per task id. */
    public void onGradient(GradientDone done, float[] gradient) {
        TaskKey id = TaskKey.of(done.getTaskId());
        if (book.contains(id) && !GradientReduction.valid(gradient, spec.pretrained().length)) {
            fail(
                    id,
                    "",
                    "gradient of " + gradient.length + " values (expected " + spec.pretrained().length
                            + ") or not finite",
                    true);
            return;
        }
        if (!ledger.receiveGradient(id).isAccepted() || phase != Phase.TRAINING) {
            return;
        }
        Task task = book.get(id).orElseThrow();
        book.settle(id);
        long taskVersion = task.getAdjointMatching().getParameterVersion().getVersion();
        steps.onGradient(id, taskVersion, versions.currentVersion(), done, gradient, update.lossClip())
                .ifPresent(this::apply);
    }

    /** A statistics task's result and arrays arrived. */
    public void onStatistics(StatisticsResult result, Map<String, float[]> arrays) {
        TaskKey id = TaskKey.of(result.getTaskId());
        if (!ledger.receiveGradient(id).isAccepted() || phase != Phase.ESTIMATING) {
            return;
        }
        ledger.markApplied(id);
        Task task = book.get(id).orElseThrow();
        book.settle(id);
        try {
            issueAll(estimation.onStatistics(id, task.getStatistics(), arrays));
        } catch (IllegalArgumentException e) {
            failRun(e);
            return;
        }
        afterEstimationEvent();
    }

    /** A critic's result and parameters arrived. */
    public void onCritic(CriticResult result, float[] criticParameters) {
        TaskKey id = TaskKey.of(result.getTaskId());
        if (!ledger.receiveGradient(id).isAccepted() || phase != Phase.ESTIMATING) {
            return;
        }
        ledger.markApplied(id);
        book.settle(id);
        estimation.onCritic(result, criticParameters);
        afterEstimationEvent();
    }

    private void startEstimation() {
        phase = Phase.ESTIMATING;
        reward = null;
        steps = null;
        EstimationPlan plan = new EstimationPlan(k, config, spec.model().getDim(), spec.objective(), ledger, factory);
        estimation =
                new Estimation(plan, spec.model().getDim(), config.statisticsSamples(), contents, criticNoiseFloor);
        issueAll(estimation.start(versions.id(versions.currentVersion()), versions.id(0)));
        afterEstimationEvent();
    }

    private void issueAll(List<Task> tasks) {
        for (Task t : tasks) {
            TaskKey id = TaskKey.of(dev.fdc.protocol.Tasks.id(t));
            ledger.issue(id);
            book.issue(id, t);
        }
    }

    private void afterEstimationEvent() {
        StatisticsSnapshot s = estimation.snapshot();
        if (s == null) {
            return;
        }
        criticNoiseFloor = estimation.criticNoiseFloor();
        estimation = null;
        try {
            if (k > config.mirrorSteps()) {
                listener.onMirrorStep(MirrorStepRecord.of(k, Double.NaN, true, spec.objective(), s));
                phase = Phase.DONE;
                return;
            }
            eta = spec.schedule().eta(k);
            reward = spec.objective().linearize(s, eta);
            listener.onMirrorStep(MirrorStepRecord.of(k, eta, false, spec.objective(), s));
        } catch (RuntimeException e) {
            failRun(e);
            return;
        }
        update.startMirrorStep();
        steps = new AmSteps(config, ledger, k, 0, spec.pretrained().length);
        phase = Phase.TRAINING;
    }

    private void requeue(TaskKey id, int generation) {
        book.reissue(id, t -> {
            Task out = t;
            if (out.hasAdjointMatching() && config.mode() == RunConfig.Mode.ASYNC) {
                // not computed yet: compute it against the newest parameters instead
                out = TaskFactory.atVersion(out, versions.id(versions.currentVersion()));
            }
            return generation > 0 ? factory.reseed(out, id, generation) : out;
        });
    }

    /** Applies an update, reports it, and closes the mirror step after N updates. */
    private void apply(AmSteps.Update u) {
        UpdateStep.Applied applied = update.apply(u.gradient());
        long v = applied.version();
        lastControlCost = u.summary().controlCost();
        listener.onAmStep(AmStepRecord.of(
                k,
                steps.applied(),
                v,
                u.summary(),
                u.staleness(),
                applied.gradNorm(),
                config.maxGradNorm(),
                update.lossClip().threshold(),
                ledger.counters()));
        if (steps.finished()) {
            spec.schedule().recordControlCost(k, lastControlCost);
            book.settleAll(ledger.discardBefore(k + 1));
            steps.close();
            book.checkpoint(checkpoint());
            afterMirrorStep();
        } else if (config.checkpointEvery() > 0 && v % config.checkpointEvery() == 0) {
            book.checkpoint(checkpoint());
        }
    }

    private void afterMirrorStep() {
        ledger.pruneSettledBefore(k);
        k++;
        if (k <= config.mirrorSteps() || config.finalEstimate()) {
            startEstimation();
        } else {
            phase = Phase.DONE;
        }
    }

    private void failRun(RuntimeException e) {
        failure = e;
        phase = Phase.FAILED;
    }

    /**
     * The run state now, for a bit-for-bit resume: right after an update (what a {@link
     * RunAction.WriteCheckpoint} carries), or during an estimation (which a resume restarts).
     */
    public CheckpointState checkpoint() {
        return update.export(CheckpointState.builder())
                .setRunId(spec.runId())
                .setPosition(spec.epoch(), k, steps == null ? 0 : steps.applied(), versions.currentVersion())
                .optReward(reward, eta)
                .optLastControlCost(lastControlCost)
                .optCriticNoiseFloor(criticNoiseFloor)
                .optScheduleState(spec.schedule().exportState())
                .optContents(Map.copyOf(contents.all()))
                .optLedgerCounters(ledger.counters().toEnumMap())
                .build();
    }

    /** The parameters of a version the core still holds (immutable: do not modify). */
    public Optional<float[]> parameters(ParameterVersion version) {
        return versions.has(version) ? Optional.of(versions.get(version)) : Optional.empty();
    }

    /** Stored content by id (sample sets, critic parameters; immutable: do not modify). */
    public Optional<float[]> content(String contentId) {
        return Optional.ofNullable(contents.all().get(contentId));
    }

    /** The current version's id. */
    public ParameterVersion currentVersion() {
        return versions.id(versions.currentVersion());
    }

    /** The current parameters θ_v (immutable). */
    public float[] currentParameters() {
        return versions.current();
    }

    /** The phase. */
    public Phase phase() {
        return phase;
    }

    /** Mirror step k (K + 1 during the final estimate). */
    public int mirrorStep() {
        return k;
    }

    /** Updates applied in the current mirror step. */
    public int amStep() {
        return steps == null ? 0 : steps.applied();
    }

    /** The linearized reward of the current mirror step (null before the first). */
    public LinearizedReward linearizedReward() {
        return reward;
    }

    /** The ledger's counters (live). */
    public LedgerCounters counters() {
        return ledger.counters();
    }

    /** Whether the run finished (successfully). */
    public boolean isDone() {
        return phase == Phase.DONE;
    }

    /** Why the run failed, if it did. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
