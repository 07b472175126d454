package dev.fdc.coordinator.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every task of one coordinator incarnation (run id, epoch) with its {@link TaskState}; the gate
 * that makes gradient delivery idempotent. A plain single-threaded class: it lives inside the
 * coordinator actor and must not be shared between threads.
 *
 * <h2>Failure semantics</h2>
 *
 * <ul>
 *   <li><b>At most once.</b> {@link #receiveGradient} accepts the first gradient of a live
 *       (issued or assigned) task and moves it to {@link TaskState#GRADIENT_RECEIVED}; every later
 *       gradient for the same id, whichever attempt or worker computed it, is a duplicate: dropped
 *       and counted. {@link #markApplied} (sync) and {@link #acceptForApply} (async) settle a
 *       received task exactly once; {@code APPLIED} and {@code DISCARDED} are final.
 *   <li><b>Lost work is re-issued under the same id.</b> {@link #workerLost} returns the tasks
 *       assigned to a dead worker; {@link #reissueTimedOut} returns the live tasks with no
 *       progress for the task timeout (measured on the injected clock from their last issue or
 *       assignment; queueing time counts, so nothing waits forever). Both put the tasks back to
 *       {@code ISSUED}; should the original worker still deliver, its gradient is accepted under the
 *       same id and the re-issued run's becomes the duplicate.
 *   <li><b>Fencing.</b> Gradients of an older coordinator epoch are dropped and counted
 *       ({@code staleEpochDropped}); ids this ledger never issued (other run, newer epoch) are
 *       dropped and counted ({@code unknownDropped}).
 *   <li><b>Task failures</b> (NaN, out of memory, exception on the worker) follow the {@link
 *       TaskFailurePolicy}: retry R times with the same seed, then re-seed once (seed generation 0 →
 *       1, same id), then discard the task and throw {@link TaskFailedException} naming it. A
 *       failure report about a task that is settled, has its gradient, or is now assigned to a
 *       different worker is ignored: it is not the current attempt.
 *   <li><b>Async bookkeeping.</b> {@link #acceptForApply} applies a gradient only if {@code v_now −
 *       v_task ≤ s} and it was computed in the current mirror step; {@link #discardBefore} settles
 *       what is still in flight from earlier mirror steps at the barrier.
 * </ul>
 *
 * <p>Counters ({@link LedgerCounter}) survive a restart through {@link #counters()}; task entries
 * do not: a restarted coordinator has a new epoch, so gradients of the old one are stale anyway.
 */
public final class TaskLedger {

    private final String runId;
    private final long epoch;
    private final TaskFailurePolicy failurePolicy;
    private final long timeoutMillis;
    private final Clock clock;
    private final NavigableMap<TaskKey, LedgerEntry> entries = new TreeMap<>();
    private final LedgerCounters counters = new LedgerCounters();
    private int prunedBeforeMirrorStep;

    /**
     * Creates an empty ledger for one coordinator incarnation.
     *
     * @param runId the run id every task id carries
     * @param epoch this coordinator's epoch (persisted before the first task is issued)
     * @param failurePolicy how often a failed task is retried before it fails the run
     * @param taskTimeout how long a task may go without progress before it is re-issued; positive
     * @param clock the clock timeouts are measured on
     */
    public TaskLedger(String runId, long epoch, TaskFailurePolicy failurePolicy, Duration taskTimeout, Clock clock) {
        this.runId = new TaskKey(runId, epoch, 0, 0, 0).runId();
        this.epoch = epoch;
        this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
        if (taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw new IllegalArgumentException("taskTimeout = " + taskTimeout + ": expected positive");
        }
        this.timeoutMillis = taskTimeout.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The id of task {@code index} of AM step {@code (k, n)} in this ledger's run and epoch. */
    public TaskKey taskId(int k, int n, int index) {
        return new TaskKey(runId, epoch, k, n, index);
    }

    /**
     * Records a new task as {@link TaskState#ISSUED}.
     *
     * @throws IllegalArgumentException if the id is of another run or epoch
     * @throws IllegalStateException if the id was issued before (re-issues go through the ledger)
     */
    public void issue(TaskKey id) {
        if (!id.runId().equals(runId) || id.epoch() != epoch) {
            throw new IllegalArgumentException(
                    "task " + id + ": this ledger issues only run '" + runId + "' epoch " + epoch);
        }
        if (entries.containsKey(id) || id.mirrorStep() < prunedBeforeMirrorStep) {
            throw new IllegalStateException("task " + id + " was already issued (or its mirror step pruned)");
        }
        entries.put(id, new LedgerEntry(id, clock.millis()));
        counters.increment(LedgerCounter.ISSUED);
    }

    /**
     * Records that {@code workerId} took the task (also on a redelivery to another worker).
     *
     * @return true if the task still needs computing; false if its gradient is already in or it is
     *     settled, so the worker can skip it
     */
    public boolean assign(TaskKey id, String workerId) {
        LedgerEntry e = require(id);
        if (!e.state.isOutstanding()) {
            return false;
        }
        e.state = TaskState.ASSIGNED;
        e.worker = Objects.requireNonNull(workerId, "workerId");
        e.sinceMillis = clock.millis();
        return true;
    }

    /** Decides whether an arriving (complete, validated) gradient is the first for its task. */
    public GradientVerdict receiveGradient(TaskKey id) {
        if (!id.runId().equals(runId) || id.epoch() > epoch) {
            counters.increment(LedgerCounter.UNKNOWN_DROPPED);
            return GradientVerdict.UNKNOWN_TASK;
        }
        if (id.epoch() < epoch) {
            counters.increment(LedgerCounter.STALE_EPOCH_DROPPED);
            return GradientVerdict.STALE_EPOCH;
        }
        LedgerEntry e = entries.get(id);
        if (e == null && id.mirrorStep() >= prunedBeforeMirrorStep) {
            counters.increment(LedgerCounter.UNKNOWN_DROPPED);
            return GradientVerdict.UNKNOWN_TASK;
        }
        if (e == null || !e.state.isOutstanding()) {
            counters.increment(LedgerCounter.DUPLICATES_DROPPED);
            return GradientVerdict.DUPLICATE;
        }
        e.state = TaskState.GRADIENT_RECEIVED;
        return GradientVerdict.ACCEPTED;
    }

    /**
     * Sync mode: records that the received gradient went into an update.
     *
     * @throws IllegalStateException if the task is not {@link TaskState#GRADIENT_RECEIVED} (applying
     *     it would break at-most-once, or apply a gradient that never arrived)
     */
    public void markApplied(TaskKey id) {
        LedgerEntry e = require(id);
        if (e.state != TaskState.GRADIENT_RECEIVED) {
            throw new IllegalStateException("task " + id + " is " + e.state
                    + ", expected GRADIENT_RECEIVED: a gradient is applied at most once, after it arrived");
        }
        e.state = TaskState.APPLIED;
        counters.increment(LedgerCounter.APPLIED);
    }

    /**
     * Async mode: applies a received gradient if it was computed in the current mirror step and
     * {@code currentVersion − taskVersion ≤ maxStaleness}; otherwise discards it and records why.
     *
     * @param id a task whose gradient {@link #receiveGradient} accepted
     * @param taskVersion the parameter version the task computed against
     * @param currentVersion the coordinator's version now, at least {@code taskVersion}
     * @param maxStaleness {@code s}, at least 0
     * @param currentMirrorStep the coordinator's mirror step now, at least the task's
     * @return the decision; {@link ApplyDecision#DUPLICATE} if the task was already settled
     * @throws IllegalStateException if the task is unknown or its gradient was not received
     */
    public ApplyDecision acceptForApply(
            TaskKey id, long taskVersion, long currentVersion, int maxStaleness, int currentMirrorStep) {
        LedgerEntry e = require(id);
        if (e.state.isFinal()) {
            counters.increment(LedgerCounter.DUPLICATES_DROPPED);
            return ApplyDecision.DUPLICATE;
        }
        if (e.state != TaskState.GRADIENT_RECEIVED) {
            throw new IllegalStateException("task " + id + " is " + e.state
                    + ": its gradient must be accepted by receiveGradient before it can be applied");
        }
        if (taskVersion < 0
                || taskVersion > currentVersion
                || maxStaleness < 0
                || id.mirrorStep() > currentMirrorStep) {
            throw new IllegalArgumentException("task " + id + ": taskVersion " + taskVersion
                    + ", currentVersion " + currentVersion + ", maxStaleness " + maxStaleness
                    + ", currentMirrorStep " + currentMirrorStep
                    + ": expected 0 ≤ taskVersion ≤ currentVersion, maxStaleness ≥ 0, task k ≤ current k");
        }
        if (id.mirrorStep() < currentMirrorStep) {
            e.discard(DiscardReason.PREVIOUS_MIRROR_STEP);
            counters.increment(LedgerCounter.CROSS_MIRROR_STEP_DROPPED);
            return ApplyDecision.DISCARD_PREVIOUS_MIRROR_STEP;
        }
        if (currentVersion - taskVersion > maxStaleness) {
            e.discard(DiscardReason.TOO_STALE);
            counters.increment(LedgerCounter.STALE_VERSION_DROPPED);
            return ApplyDecision.DISCARD_TOO_STALE;
        }
        e.state = TaskState.APPLIED;
        counters.increment(LedgerCounter.APPLIED);
        return ApplyDecision.APPLY;
    }

    /**
     * Mirror-step barrier: discards every unsettled task of a mirror step before {@code
     * mirrorStep} (reason {@link DiscardReason#PREVIOUS_MIRROR_STEP}).
     *
     * @return the discarded ids, in task-id order
     */
    public List<TaskKey> discardBefore(int mirrorStep) {
        List<TaskKey> discarded = new ArrayList<>();
        for (LedgerEntry e : entries.headMap(taskId(mirrorStep, 0, 0), false).values()) {
            if (!e.state.isFinal()) {
                e.discard(DiscardReason.PREVIOUS_MIRROR_STEP);
                counters.increment(LedgerCounter.CROSS_MIRROR_STEP_DROPPED);
                discarded.add(e.id);
            }
        }
        return discarded;
    }

    /**
     * A worker died or left: its assigned tasks go back to {@link TaskState#ISSUED}.
     *
     * @return the tasks to re-issue under the same ids, in task-id order
     */
    public List<TaskKey> workerLost(String workerId) {
        return reissueWhere(e -> e.state == TaskState.ASSIGNED && e.worker.equals(workerId));
    }

    /**
     * Re-issues every issued or assigned task whose last issue or assignment is at least the task
     * timeout ago on the clock.
     *
     * @return the tasks to re-issue under the same ids, in task-id order
     */
    public List<TaskKey> reissueTimedOut() {
        long now = clock.millis();
        return reissueWhere(e -> e.state.isOutstanding() && now - e.sinceMillis >= timeoutMillis);
    }

    private List<TaskKey> reissueWhere(Predicate<LedgerEntry> lost) {
        List<TaskKey> reissued = new ArrayList<>();
        long now = clock.millis();
        for (LedgerEntry e : entries.values()) {
            if (lost.test(e)) {
                e.reissue(now);
                counters.increment(LedgerCounter.REISSUED);
                reissued.add(e.id);
            }
        }
        return reissued;
    }

    /**
     * Records a failure (NaN, out of memory, exception) reported for a task and applies the {@link
     * TaskFailurePolicy}: the task goes back to {@link TaskState#ISSUED} on a retry or re-seed.
     *
     * @param workerId the reporting worker, or null if unknown
     * @param cause what went wrong, for the error message
     * @return the decision (retry, re-seed, or ignore for a report that is not about the current
     *     attempt)
     * @throws TaskFailedException naming the task when the policy is exhausted; the task is then
     *     {@link DiscardReason#FAILED}
     */
    public FailureDecision recordFailure(TaskKey id, String workerId, String cause) {
        LedgerEntry e = id.runId().equals(runId) && id.epoch() == epoch ? entries.get(id) : null;
        if (e == null
                || !e.state.isOutstanding()
                || (e.state == TaskState.ASSIGNED && workerId != null && !workerId.equals(e.worker))) {
            return new FailureDecision(
                    id, FailureAction.IGNORE, e == null ? 0 : e.failures, e == null ? 0 : e.seedGeneration);
        }
        e.failures++;
        counters.increment(LedgerCounter.FAILURES);
        FailureAction action = failurePolicy.decide(e.failures);
        switch (action) {
            case RETRY -> counters.increment(LedgerCounter.RETRIES);
            case RESEED -> {
                e.seedGeneration++;
                counters.increment(LedgerCounter.RESEEDS);
            }
            default -> {
                e.discard(DiscardReason.FAILED);
                throw new TaskFailedException(id, e.failures, failurePolicy, workerId, cause);
            }
        }
        e.reissue(clock.millis());
        return new FailureDecision(id, action, e.failures, e.seedGeneration);
    }

    /**
     * Records a failure reported as not retryable (bad input: the same task fails the same way
     * anywhere): the task is {@link DiscardReason#FAILED} and the run fails, unless the report is
     * not about the current attempt (then it is ignored, as in {@link #recordFailure}).
     *
     * @throws TaskFailedException naming the task, worker and cause
     */
    public FailureDecision recordPermanentFailure(TaskKey id, String workerId, String cause) {
        LedgerEntry e = id.runId().equals(runId) && id.epoch() == epoch ? entries.get(id) : null;
        if (e == null
                || !e.state.isOutstanding()
                || (e.state == TaskState.ASSIGNED && workerId != null && !workerId.equals(e.worker))) {
            return new FailureDecision(
                    id, FailureAction.IGNORE, e == null ? 0 : e.failures, e == null ? 0 : e.seedGeneration);
        }
        e.failures++;
        counters.increment(LedgerCounter.FAILURES);
        e.discard(DiscardReason.FAILED);
        throw TaskFailedException.permanent(id, workerId, cause);
    }

    /**
     * Forgets settled tasks of mirror steps before {@code mirrorStep} to bound memory; a gradient
     * that arrives later for a forgotten step still counts as a duplicate.
     */
    public void pruneSettledBefore(int mirrorStep) {
        entries.headMap(taskId(mirrorStep, 0, 0), false).values().removeIf(e -> e.state.isFinal());
        prunedBeforeMirrorStep = Math.max(prunedBeforeMirrorStep, mirrorStep);
    }

    /** The task's current status, if this ledger holds it. */
    public Optional<TaskStatus> status(TaskKey id) {
        return Optional.ofNullable(entries.get(id)).map(LedgerEntry::snapshot);
    }

    /** The tasks of AM step {@code (k, n)}, in task-id order. */
    public List<TaskStatus> tasksOf(int k, int n) {
        return entries.subMap(taskId(k, n, 0), true, taskId(k, n, Integer.MAX_VALUE), true).values().stream()
                .map(LedgerEntry::snapshot)
                .toList();
    }

    /** The tasks a worker still has to compute (issued or assigned), in task-id order. */
    public List<TaskKey> outstanding() {
        return entries.values().stream()
                .filter(e -> e.state.isOutstanding())
                .map(e -> e.id)
                .toList();
    }

    /**
     * The counters, live: {@link LedgerCounters#toMap()} exports them for a checkpoint and {@link
     * LedgerCounters#restore(Map)} restores them.
     */
    public LedgerCounters counters() {
        return counters;
    }

    /** This ledger's coordinator epoch. */
    public long epoch() {
        return epoch;
    }

    private LedgerEntry require(TaskKey id) {
        LedgerEntry e = entries.get(id);
        if (e == null) {
            throw new IllegalStateException(
                    "task " + id + " is not in the ledger of run '" + runId + "' epoch " + epoch);
        }
        return e;
    }
}
