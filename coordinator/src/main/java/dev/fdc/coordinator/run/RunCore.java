package dev.fdc.coordinator.run;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.ledger.ApplyDecision;
import dev.fdc.coordinator.ledger.FailureAction;
import dev.fdc.coordinator.ledger.FailureDecision;
import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.coordinator.ledger.LedgerCounters;
import dev.fdc.coordinator.ledger.TaskFailedException;
import dev.fdc.coordinator.ledger.TaskFailurePolicy;
import dev.fdc.coordinator.ledger.TaskId;
import dev.fdc.coordinator.ledger.TaskLedger;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.numerics.optim.Adam;
import dev.fdc.numerics.optim.LossClipping;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.TaskFailed;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The coordinator's logic as a functional core: no actors, threads or NDArrays, only flat
 * {@code float[]}, so the Pekko coordinator and the single-process driver run the same code. A
 * shell feeds it events and sends what {@link #poll} returns; all methods run on one thread.
 *
 * <p><b>Phases</b> (ARCHITECTURE.md, "The life of a run"): Estimating(k) issues the statistics
 * tasks {@code objective.needs()} asks for (see {@link Estimation}) and pools them in task-id
 * order; the objective linearizes them into r = g_k/η_k; the base θ_{k−1} is frozen and Adam's
 * moments reset; Training(k, n = 1..N) runs AM steps in {@link RunConfig.Mode#SYNC sync} mode (M
 * tasks at version v, all awaited, gradients averaged weighted by sample count in task-id order,
 * the loss-clip EMA updated in task-id order, then global-norm clipping, Adam, v+1) or
 * {@link RunConfig.Mode#ASYNC async} mode (up to W in flight, each applied on arrival if
 * {@code v_now − v_task ≤ s} and of the current mirror step, else discarded and counted). After
 * step K an optional final estimate measures p_K; then Done.
 *
 * <p><b>Checkpoints.</b> Every C updates and at the end of each mirror step the state is captured
 * and {@link #poll} returns it as a {@link Task.Checkpoint}. {@link #resume} continues from one
 * bit for bit in sync mode (tasks and seeds are pure functions of the position).
 *
 * <p><b>Failures.</b> Lost workers and timed-out tasks are re-issued under the same id; failed
 * tasks are retried R times, re-seeded once, then the run fails ({@link #failure()}). Invalid
 * gradients (wrong size, non-finite) count as task failures.
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
    private final ShellClock clock = new ShellClock();
    private final TaskLedger ledger;
    private final TaskFactory factory;
    private final ParameterStore parameters;
    private final ContentStore contents = new ContentStore();
    private final Adam adam;
    private final LossClipping lossClip;
    private final GradientReduction reduction;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final Map<TaskId, Task> issued = new HashMap<>();
    private final Set<TaskId> inFlight = new LinkedHashSet<>();
    private Phase phase;
    private int k;
    private int n;
    private double eta = Double.NaN;
    private LinearizedReward reward;
    private Estimation estimation;
    private double criticNoiseFloor = Double.NaN;
    private double lastControlCost;
    private boolean stepIssued;
    private int asyncIndex;
    private RuntimeException failure;

    private RunCore(RunSpec spec, RunListener listener) {
        this.spec = spec;
        this.config = spec.config();
        this.listener = listener;
        this.ledger = new TaskLedger(
                spec.runId(), spec.epoch(), new TaskFailurePolicy(config.maxRetries()), config.taskTimeout(), clock);
        this.factory = new TaskFactory(config);
        // async: a task in flight may still need θ_v for up to W + s updates (its gradient is stale
        // beyond s anyway; a worker that cannot fetch an evicted version fails the task, which is
        // then re-issued at the current version).
        int keep = config.mode() == RunConfig.Mode.ASYNC ? config.asyncWindow() + config.maxStaleness() + 1 : 1;
        this.parameters = new ParameterStore(spec.epoch(), keep, spec.pretrained());
        this.adam = Adam.standard(spec.pretrained().length);
        this.lossClip = new LossClipping(config.lossClipDecay(), config.lossClipMultiplier());
        this.reduction = new GradientReduction(spec.pretrained().length);
    }

    /** A fresh run: θ_0 = θ_pre (version 0), starting with the estimation of mirror step 1. */
    public static RunCore start(RunSpec spec, RunListener listener) {
        RunCore core = new RunCore(spec, listener);
        core.parameters.publish(0, spec.pretrained());
        core.parameters.setBase(0, spec.pretrained());
        core.k = 1;
        core.startEstimation();
        return core;
    }

    /**
     * A run resumed from a checkpoint written by a {@link RunCore} of the same run; {@code spec}
     * carries the new epoch (persisted before this call) and the same config, model and objective.
     */
    public static RunCore resume(RunSpec spec, CheckpointState state, RunListener listener) {
        if (!state.runId().equals(spec.runId()) || state.epoch() > spec.epoch()) {
            throw new IllegalArgumentException("checkpoint of run '" + state.runId() + "' epoch " + state.epoch()
                    + " cannot resume run '" + spec.runId() + "' epoch " + spec.epoch());
        }
        RunCheckpoint c = RunCheckpoint.fromState(state);
        RunCore core = new RunCore(spec, listener);
        core.parameters.publish(c.version(), c.parameters());
        core.parameters.setBase(c.baseVersion(), c.base());
        core.adam.importState(c.adam());
        core.lossClip.restore(c.lossClipEma());
        core.spec.schedule().importState(c.schedule());
        core.ledger.counters().restore(c.ledgerCounters());
        c.contents().forEach(core.contents::put);
        core.k = c.k();
        core.n = c.n();
        core.eta = c.eta();
        core.reward = c.reward();
        core.lastControlCost = c.lastControlCost();
        core.criticNoiseFloor = c.criticNoiseFloor();
        if (core.reward == null) {
            core.startEstimation();
        } else if (core.n >= core.config.amSteps()) {
            core.afterMirrorStep();
        } else {
            core.phase = Phase.TRAINING;
        }
        return core;
    }

    /**
     * The tasks to send now (new ones, re-issues of lost or timed-out ones, and due checkpoints),
     * in order; each is handed out once per (re)issue.
     *
     * @param nowNanos the shell's monotonic clock (task timeouts are measured on it)
     */
    public List<Task> poll(long nowNanos) {
        clock.set(nowNanos);
        if (phase == Phase.ESTIMATING || phase == Phase.TRAINING) {
            for (TaskId id : ledger.reissueTimedOut()) {
                requeue(id, 0);
            }
        }
        if (phase == Phase.TRAINING) {
            issueTraining();
        }
        List<Task> out = new ArrayList<>(queue);
        queue.clear();
        return out;
    }

    /** A worker took a task; false if it no longer needs computing (the worker may skip it). */
    public boolean assigned(TaskId id, String workerId) {
        return issued.containsKey(id) && ledger.assign(id, workerId);
    }

    /** {@link #assigned(TaskId, String)} for the wire form of the id. */
    public boolean assigned(dev.fdc.protocol.v1.TaskId id, String workerId) {
        return assigned(TaskFactory.fromProto(id), workerId);
    }

    /** A worker left or died: its tasks are re-issued under the same ids at the next poll. */
    public void onWorkerLost(String workerId) {
        for (TaskId id : ledger.workerLost(workerId)) {
            requeue(id, 0);
        }
    }

    /** A task failed on a worker: retried, re-seeded, or the run fails. */
    public void onFailure(TaskFailed failed) {
        fail(
                TaskFactory.fromProto(failed.getTaskId()),
                failed.getWorkerId(),
                failed.getKind() + ": " + failed.getMessage());
    }

    private void fail(TaskId id, String workerId, String cause) {
        try {
            FailureDecision d = ledger.recordFailure(id, workerId.isEmpty() ? null : workerId, cause);
            if (d.reissue()) {
                requeue(id, d.action() == FailureAction.RESEED ? d.seedGeneration() : 0);
            }
        } catch (TaskFailedException e) {
            failRun(e);
        }
    }

    /** An AM gradient arrived (complete); applied at most once per task id. */
    public void onGradient(GradientDone done, float[] gradient) {
        TaskId id = TaskFactory.fromProto(done.getTaskId());
        if (issued.containsKey(id) && !GradientReduction.valid(gradient, spec.pretrained().length)) {
            fail(
                    id,
                    "",
                    "gradient of " + gradient.length + " values (expected " + spec.pretrained().length
                            + ") or not finite");
            return;
        }
        if (!ledger.receiveGradient(id).isAccepted() || phase != Phase.TRAINING) {
            return;
        }
        Task.AdjointMatching task = (Task.AdjointMatching) issued.remove(id);
        if (config.mode() == RunConfig.Mode.SYNC) {
            reduction.add(id, done, gradient);
            if (reduction.size() == config.tasksPerStep()) {
                reduction.forEachInOrder((tid, d) -> ledger.markApplied(tid));
                reduction.forEachInOrder((tid, d) -> lossClip.update(GradientReduction.losses(d)));
                apply(reduction.average(), reduction.summary());
                reduction.clear();
            }
            return;
        }
        inFlight.remove(id);
        long taskVersion = task.proto().getParameterVersion().getVersion();
        ApplyDecision decision =
                ledger.acceptForApply(id, taskVersion, parameters.currentVersion(), config.maxStaleness(), k);
        if (decision.isApply()) {
            lossClip.update(GradientReduction.losses(done));
            reduction.add(id, done, gradient);
            apply(reduction.average(), reduction.summary());
            reduction.clear();
        }
    }

    /** A statistics task's result and arrays arrived. */
    public void onStatistics(StatisticsResult result, Map<String, float[]> arrays) {
        TaskId id = TaskFactory.fromProto(result.getTaskId());
        if (!ledger.receiveGradient(id).isAccepted() || phase != Phase.ESTIMATING) {
            return;
        }
        ledger.markApplied(id);
        Task.Statistics task = (Task.Statistics) issued.remove(id);
        try {
            issueAll(estimation.onStatistics(id, task.proto(), arrays));
        } catch (IllegalArgumentException e) {
            failRun(e);
            return;
        }
        afterEstimationEvent();
    }

    /** A critic's result and parameters arrived. */
    public void onCritic(CriticResult result, float[] criticParameters) {
        TaskId id = TaskFactory.fromProto(result.getTaskId());
        if (!ledger.receiveGradient(id).isAccepted() || phase != Phase.ESTIMATING) {
            return;
        }
        ledger.markApplied(id);
        issued.remove(id);
        estimation.onCritic(result, criticParameters);
        afterEstimationEvent();
    }

    private void startEstimation() {
        phase = Phase.ESTIMATING;
        reward = null;
        n = 0;
        estimation = new Estimation(
                k,
                config,
                spec.model().getDim(),
                spec.objective(),
                ledger,
                factory,
                contents,
                parameters.id(parameters.currentVersion()),
                parameters.id(0),
                criticNoiseFloor);
        issueAll(estimation.start());
        afterEstimationEvent();
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
                listener.onMirrorStep(
                        new MirrorStepRecord(k, Double.NaN, spec.objective().metrics(s)));
                phase = Phase.DONE;
                return;
            }
            eta = spec.schedule().eta(k);
            reward = spec.objective().linearize(s, eta);
            listener.onMirrorStep(new MirrorStepRecord(k, eta, spec.objective().metrics(s)));
        } catch (RuntimeException e) {
            failRun(e);
            return;
        }
        parameters.setBase(parameters.currentVersion(), parameters.current());
        adam.reset();
        n = 0;
        stepIssued = false;
        phase = Phase.TRAINING;
    }

    private void issueTraining() {
        ParameterVersion base = parameters.id(parameters.baseVersion());
        if (config.mode() == RunConfig.Mode.SYNC) {
            if (!stepIssued) {
                stepIssued = true;
                for (int i = 0; i < config.tasksPerStep(); i++) {
                    issueAm(ledger.taskId(k, n + 1, i), base);
                }
            }
            return;
        }
        while (inFlight.size() < config.asyncWindow()) {
            TaskId id = ledger.taskId(k, n + 1, asyncIndex++);
            issueAm(id, base);
            inFlight.add(id);
        }
    }

    private void issueAm(TaskId id, ParameterVersion base) {
        ledger.issue(id);
        Task t = factory.adjointMatching(
                id,
                0,
                parameters.id(parameters.currentVersion()),
                base,
                parameters.id(0),
                reward,
                eta,
                lossClip.threshold());
        issued.put(id, t);
        queue.add(t);
    }

    private void issueAll(List<Task> tasks) {
        for (Task t : tasks) {
            issued.put(idOf(t), t);
            queue.add(t);
        }
    }

    private void requeue(TaskId id, int generation) {
        Task t = issued.get(id);
        if (t == null) {
            return;
        }
        if (t instanceof Task.AdjointMatching a && config.mode() == RunConfig.Mode.ASYNC) {
            // not computed yet: compute it against the newest parameters instead
            t = new Task.AdjointMatching(
                    id,
                    a.proto().toBuilder()
                            .setParameterVersion(parameters.id(parameters.currentVersion()))
                            .build());
            issued.put(id, t);
        }
        if (generation > 0) {
            if (t instanceof Task.AdjointMatching a) {
                t = new Task.AdjointMatching(
                        id,
                        a.proto().toBuilder()
                                .setSeed(factory.seed(Purpose.SDE_NOISE, id, generation))
                                .build());
            } else if (t instanceof Task.Statistics st) {
                t = Estimation.reseed(st, factory, generation);
            } else if (t instanceof Task.Critic c) {
                t = new Task.Critic(
                        id,
                        c.proto().toBuilder()
                                .setSeed(factory.seed(Purpose.CRITIC, id, generation))
                                .build());
            }
            issued.put(id, t);
        }
        queue.add(t);
    }

    private static TaskId idOf(Task t) {
        if (t instanceof Task.AdjointMatching a) {
            return a.id();
        } else if (t instanceof Task.Statistics st) {
            return st.id();
        } else if (t instanceof Task.Critic c) {
            return c.id();
        }
        throw new IllegalArgumentException("a checkpoint has no id");
    }

    /** Clips, steps Adam, publishes θ_{v+1}, reports, and closes the mirror step after N updates. */
    private void apply(float[] gradient, GradientReduction.Summary s) {
        double norm = dev.fdc.numerics.optim.GradientClipping.clip(gradient, config.maxGradNorm());
        float[] next = parameters.current().clone();
        adam.step(next, gradient, config.learningRate());
        long v = parameters.currentVersion() + 1;
        parameters.publish(v, next);
        n++;
        stepIssued = false;
        lastControlCost = s.controlCost();
        LedgerCounters c = ledger.counters();
        listener.onAmStep(new AmStepRecord(
                k,
                n,
                v,
                s.loss(),
                s.rewardMean(),
                s.controlCost(),
                norm,
                norm > config.maxGradNorm(),
                lossClip.threshold(),
                s.samplesClipped(),
                c.get(LedgerCounter.APPLIED),
                c.get(LedgerCounter.DUPLICATES_DROPPED),
                c.get(LedgerCounter.STALE_VERSION_DROPPED)
                        + c.get(LedgerCounter.CROSS_MIRROR_STEP_DROPPED)
                        + c.get(LedgerCounter.STALE_EPOCH_DROPPED)));
        if (n >= config.amSteps()) {
            spec.schedule().recordControlCost(k, lastControlCost);
            for (TaskId id : ledger.discardBefore(k + 1)) {
                issued.remove(id);
            }
            inFlight.clear();
            queue.add(new Task.Checkpoint(checkpoint()));
            afterMirrorStep();
        } else if (config.checkpointEvery() > 0 && v % config.checkpointEvery() == 0) {
            queue.add(new Task.Checkpoint(checkpoint()));
        }
    }

    private void afterMirrorStep() {
        ledger.pruneSettledBefore(k);
        k++;
        asyncIndex = 0;
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
     * The run state now, for a bit-for-bit resume: right after an update (what {@link
     * Task.Checkpoint} carries), or during an estimation (which a resume restarts).
     */
    public CheckpointState checkpoint() {
        return new RunCheckpoint(
                        k,
                        n,
                        parameters.currentVersion(),
                        parameters.baseVersion(),
                        parameters.current(),
                        parameters.base(),
                        adam.exportState(),
                        lossClip.state(),
                        lossClip.threshold(),
                        eta,
                        lastControlCost,
                        criticNoiseFloor,
                        reward,
                        Map.copyOf(contents.all()),
                        spec.schedule().exportState(),
                        ledger.counters().toMap())
                .toState(spec.runId(), spec.epoch());
    }

    /** The parameters of a kept version (immutable: do not modify). */
    public float[] parameters(ParameterVersion version) {
        return parameters.get(version);
    }

    /** A stored content (sample sets, critic parameters; immutable: do not modify). */
    public float[] content(ContentRef ref) {
        return contents.get(ref);
    }

    /** The current version's id. */
    public ParameterVersion currentVersion() {
        return parameters.id(parameters.currentVersion());
    }

    /** The current parameters θ_v (immutable). */
    public float[] currentParameters() {
        return parameters.current();
    }

    /** Adam's state (a copy). */
    public dev.fdc.numerics.optim.AdamState optimizerState() {
        return adam.exportState();
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
        return n;
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

    /**
     * The ledger's clock, driven by {@link #poll}'s time and counted from the first poll: tasks the
     * core issues before its first poll (the first estimation phase) are stamped 0, the first poll's
     * time. (An absolute clock stamped them 0 against a shell clock of hours, so every one of them
     * looked timed out and was re-issued at the first poll.)
     */
    private static final class ShellClock extends java.time.Clock {
        private long millis;
        private long originNanos;
        private boolean started;

        void set(long nanos) {
            if (!started) {
                originNanos = nanos;
                started = true;
            }
            millis = Math.max(millis, (nanos - originNanos) / 1_000_000L);
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
