package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import dev.fdc.coordinator.checkpoint.StaleEpochException;
import dev.fdc.coordinator.run.RunAction;
import dev.fdc.coordinator.run.RunCore;
import dev.fdc.protocol.ChunkRejectedException;
import dev.fdc.protocol.TaskIdFormat;
import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteCritic;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteGradient;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteStatistics;
import dev.fdc.protocol.message.CoordinatorMessages.DeregisterWorker;
import dev.fdc.protocol.message.CoordinatorMessages.RegisterWorker;
import dev.fdc.protocol.message.CoordinatorMessages.ReportFailure;
import dev.fdc.protocol.message.CoordinatorMessages.RequestWork;
import dev.fdc.protocol.message.CoordinatorMessages.UploadGradientChunk;
import dev.fdc.protocol.message.CoordinatorMessages.UploadResultChunk;
import dev.fdc.protocol.message.ParameterStoreCommand;
import dev.fdc.protocol.message.TaskInputs;
import dev.fdc.protocol.message.WorkerCommand;
import dev.fdc.protocol.message.WorkerMessages.AckChunk;
import dev.fdc.protocol.message.WorkerMessages.AckResult;
import dev.fdc.protocol.message.WorkerMessages.AssignTask;
import dev.fdc.protocol.message.WorkerMessages.JoinRun;
import dev.fdc.protocol.message.WorkerMessages.RunEnded;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.Task;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.TensorInfo;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The coordinator of one run, second phase: <b>Training</b> (estimation and AM steps alike; the
 * {@link RunCore} decides which tasks exist). It invites the workers the receptionist lists, gives
 * the core's tasks to workers that pull, reassembles their results, hands complete ones to the
 * core, writes the checkpoints the core asks for, and ends the run when the core is done or failed.
 *
 * <h2>Failure semantics</h2>
 *
 * <ul>
 *   <li><b>Worker death</b> (watch: stop, crash, node downed) and orderly leave: the core re-issues
 *       the worker's tasks under the same ids; its partial chunk sets are dropped.
 *   <li><b>Lost assignment</b>: a worker that pulls while a task is assigned to it never got it;
 *       the same task is sent again. A task whose worker is silent for the core's task timeout is
 *       re-issued by the core.
 *   <li><b>Lost or repeated results</b>: chunks and completions are acknowledged; repeats are
 *       acknowledged again and not re-applied; the ledger drops late duplicates and gradients of
 *       older epochs, and counts them.
 *   <li><b>Task failures</b> go to the core (retry, re-seed, then the run fails naming the task,
 *       the worker and the cause): the run then ends with that error, it never waits.
 *   <li><b>No progress</b>: a run in which no result was accepted for {@code progress-timeout}
 *       ends with an error saying so; while no worker is registered, a warning is logged every
 *       {@code no-workers-warning}.
 *   <li><b>Checkpoints</b> are written on the blocking dispatcher, one at a time, from immutable
 *       snapshots; a write refused because a newer epoch is on disk means a newer coordinator owns
 *       the run: this one stops at once without issuing anything more.
 * </ul>
 */
final class Training extends AbstractBehavior<CoordinatorCommand> {

    private interface Internal extends CoordinatorCommand, NoSerializationVerificationNeeded {}

    private enum Tick implements Internal {
        INSTANCE
    }

    private record Listed(Receptionist.Listing listing) implements Internal {}

    private record WorkerGone(String address) implements Internal {}

    private record CheckpointOutcome(CheckpointWriter.Outcome outcome) implements Internal {}

    private static final ServiceKey<WorkerCommand> WORKERS =
            ServiceKey.create(WorkerCommand.class, WorkerCommand.SERVICE_NAME);

    private final RunCore core;
    private final ActorRef<CheckpointWriter.Command> checkpoints;
    private final ActorRef<ParameterStoreCommand> store;
    private final CoordinatorSettings settings;
    private final ActorRef<CoordinatorEvent> observer;
    private final Executor blocking;
    private final ActorRefResolver resolver;
    private final String self;
    private final String storeAddress;
    private final WorkerRoster roster = new WorkerRoster();
    private final ResultAssembly assembly = new ResultAssembly();
    private int checkpointsPending;
    private final Map<String, Task> queue = new LinkedHashMap<>();
    private final Map<CoordinatorCounter, Long> counters = new EnumMap<>(CoordinatorCounter.class);
    private final Map<String, Long> tasksPerWorker = new TreeMap<>();
    private long lastProgressNanos = System.nanoTime();
    private long lastNoWorkersWarningNanos = System.nanoTime();

    static Behavior<CoordinatorCommand> create(
            RunCore core,
            CheckpointStore checkpoints,
            ActorRef<ParameterStoreCommand> store,
            CoordinatorSettings settings,
            ActorRef<CoordinatorEvent> observer,
            Executor blocking) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.tick());
            return new Training(ctx, core, checkpoints, store, settings, observer, blocking).dispatch();
        }));
    }

    private Training(
            ActorContext<CoordinatorCommand> ctx,
            RunCore core,
            CheckpointStore checkpoints,
            ActorRef<ParameterStoreCommand> store,
            CoordinatorSettings settings,
            ActorRef<CoordinatorEvent> observer,
            Executor blocking) {
        super(ctx);
        this.core = core;
        this.checkpoints = ctx.spawn(
                CheckpointWriter.create(
                        checkpoints,
                        blocking,
                        ctx.messageAdapter(CheckpointWriter.Outcome.class, CheckpointOutcome::new)),
                "checkpoint-writer");
        this.store = store;
        this.settings = settings;
        this.observer = observer;
        this.blocking = blocking;
        this.resolver = ActorRefResolver.get(ctx.getSystem());
        this.self = resolver.toSerializationFormat(ctx.getSelf());
        this.storeAddress = resolver.toSerializationFormat(store);
        ctx.getSystem()
                .receptionist()
                .tell(Receptionist.subscribe(WORKERS, ctx.messageAdapter(Receptionist.Listing.class, Listed::new)));
    }

    @Override
    public Receive<CoordinatorCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(Listed.class, this::onListed)
                .onMessage(RegisterWorker.class, this::onRegister)
                .onMessage(RequestWork.class, this::onRequestWork)
                .onMessage(
                        UploadGradientChunk.class,
                        m -> onChunk(
                                m.worker(),
                                m.chunk().getTaskId(),
                                TensorNames.GRADIENT,
                                m.chunk().getChunk().getIndex(),
                                () -> assembly.accept(m.chunk(), m.worker(), System.nanoTime())))
                .onMessage(
                        UploadResultChunk.class,
                        m -> onChunk(
                                m.worker(),
                                m.chunk().getTaskId(),
                                m.chunk().getTensor(),
                                m.chunk().getChunk().getIndex(),
                                () -> assembly.accept(m.chunk(), m.worker(), System.nanoTime())))
                .onMessage(
                        CompleteGradient.class,
                        m -> onComplete(
                                m.worker(),
                                m.done().getTaskId(),
                                List.of(TensorNames.GRADIENT),
                                t -> core.onGradient(m.done(), t.get(TensorNames.GRADIENT))))
                .onMessage(
                        CompleteStatistics.class,
                        m -> onComplete(
                                m.worker(),
                                m.result().getTaskId(),
                                m.result().getTensorsList().stream()
                                        .map(TensorInfo::getName)
                                        .toList(),
                                t -> core.onStatistics(m.result(), t)))
                .onMessage(
                        CompleteCritic.class,
                        m -> onComplete(
                                m.worker(),
                                m.result().getTaskId(),
                                List.of(TensorNames.CRITIC_PARAMETERS),
                                t -> core.onCritic(m.result(), t.get(TensorNames.CRITIC_PARAMETERS))))
                .onMessage(ReportFailure.class, this::onFailure)
                .onMessage(DeregisterWorker.class, m -> onGone(m.worker(), true))
                .onMessage(WorkerGone.class, m -> onGone(m.address(), false))
                .onMessage(CheckpointOutcome.class, this::onCheckpointOutcome)
                .onMessage(Tick.class, t -> onTick())
                .build();
    }

    // ---- workers

    private Behavior<CoordinatorCommand> onListed(Listed l) {
        for (ActorRef<WorkerCommand> ref : l.listing().getServiceInstances(WORKERS)) {
            String address = resolver.toSerializationFormat(ref);
            if (!roster.contains(address)) {
                know(address, ref);
            }
        }
        return this;
    }

    private WorkerRoster.Entry know(String address, ActorRef<WorkerCommand> ref) {
        WorkerRoster.Entry e = roster.add(address, ref);
        getContext().watchWith(ref, new WorkerGone(address));
        invite(e);
        return e;
    }

    private void invite(WorkerRoster.Entry e) {
        e.invitedAtNanos = System.nanoTime();
        e.ref.tell(new JoinRun(core.setup(), self, storeAddress));
    }

    private WorkerRoster.Entry entry(String address) {
        return roster.get(address).orElseGet(() -> know(address, resolver.resolveActorRef(address)));
    }

    private Behavior<CoordinatorCommand> onRegister(RegisterWorker r) {
        WorkerRoster.Entry e = entry(r.worker());
        if (e.workerId == null) {
            e.workerId = r.registration().getWorkerId();
            getContext().getLog().info("worker {} registered ({} workers)", e.workerId, roster.size());
        }
        return this;
    }

    private Behavior<CoordinatorCommand> onRequestWork(RequestWork r) {
        WorkerRoster.Entry e = entry(r.worker());
        if (e.workerId == null) {
            e.workerId = r.workerId();
        }
        if (e.assigned != null && core.assigned(Tasks.id(e.assigned), e.id())) {
            count(CoordinatorCounter.ASSIGNMENTS_RESENT);
            send(e, e.assigned); // it pulls, so it never got it
            return this;
        }
        e.assigned = null;
        e.waiting = true;
        return dispatch();
    }

    private Behavior<CoordinatorCommand> onGone(String address, boolean orderly) {
        roster.remove(address).ifPresent(e -> {
            getContext().getLog().warn("worker {} {}; re-issuing its tasks", e.id(), orderly ? "left" : "is gone");
            if (orderly) {
                getContext().unwatch(e.ref);
            }
            assembly.dropWorker(address);
            count(CoordinatorCounter.WORKERS_LOST);
            core.onWorkerLost(e.id());
        });
        return dispatch();
    }

    // ---- results

    private Behavior<CoordinatorCommand> onChunk(
            String worker, TaskId task, String tensor, int index, Runnable accept) {
        try {
            accept.run();
            resolver.<WorkerCommand>resolveActorRef(worker).tell(new AckChunk(task, tensor, index));
        } catch (ChunkRejectedException e) {
            count(CoordinatorCounter.CHUNKS_REJECTED);
            getContext().getLog().warn("rejected a chunk from {}: {}", worker, e.getMessage());
        }
        return this;
    }

    private Behavior<CoordinatorCommand> onComplete(
            String worker, TaskId task, List<String> tensors, Consumer<Map<String, float[]>> apply) {
        ActorRef<WorkerCommand> ref = resolver.resolveActorRef(worker);
        if (assembly.completedBefore(task, worker)) {
            count(CoordinatorCounter.COMPLETIONS_REPEATED);
            ref.tell(new AckResult(task, true, "already received"));
            return this;
        }
        var tensorsIn = assembly.complete(task, tensors, worker);
        if (tensorsIn.isEmpty()) {
            count(CoordinatorCounter.COMPLETIONS_INCOMPLETE);
            ref.tell(new AckResult(task, false, "chunks missing (the set timed out); send all again"));
            return this;
        }
        roster.settled(worker, task);
        ref.tell(new AckResult(task, true, ""));
        lastProgressNanos = System.nanoTime();
        try {
            apply.accept(tensorsIn.get());
        } catch (RuntimeException e) {
            return fail("result of task " + TaskIdFormat.format(task) + " from " + worker + ": " + e.getMessage(), e);
        }
        return dispatch();
    }

    private Behavior<CoordinatorCommand> onFailure(ReportFailure f) {
        roster.settled(f.worker(), f.failure().getTaskId());
        core.onFailure(f.failure());
        return dispatch();
    }

    // ---- time

    private Behavior<CoordinatorCommand> onTick() {
        long now = System.nanoTime();
        for (String expired : assembly.expire(now, settings.chunkSetTimeout())) {
            count(CoordinatorCounter.CHUNK_SETS_EXPIRED);
            getContext().getLog().warn("dropped the incomplete chunks of {}", expired);
        }
        for (WorkerRoster.Entry e : roster.unregistered()) {
            if (now - e.invitedAtNanos >= settings.joinRetry().toNanos()) {
                invite(e);
            }
        }
        if (roster.registered() == 0
                && now - lastNoWorkersWarningNanos
                        >= settings.noWorkersWarning().toNanos()) {
            lastNoWorkersWarningNanos = now;
            getContext()
                    .getLog()
                    .warn(
                            "run {}: no worker has registered; the run waits for workers (start `fdc worker` nodes"
                                    + " that join this cluster, or check their seed nodes and TLS settings)",
                            core.setup().getRunId());
        }
        if (now - lastProgressNanos >= settings.progressTimeout().toNanos()) {
            return fail(
                    "no progress for " + settings.progressTimeout() + " (no result accepted; "
                            + roster.registered() + " workers registered, " + queue.size()
                            + " tasks waiting for a worker): fdc.actors.coordinator.progress-timeout ended the run",
                    null);
        }
        return dispatch();
    }

    // ---- the core's actions

    /** Carries out the core's actions, gives queued tasks to waiting workers, ends a finished run. */
    private Behavior<CoordinatorCommand> dispatch() {
        for (RunAction a : core.poll(System.nanoTime())) {
            if (a instanceof RunAction.Issue issue) {
                queue.put(Tasks.name(issue.task()), issue.task());
            } else if (a instanceof RunAction.WriteCheckpoint due) {
                checkpointsPending++;
                checkpoints.tell(new CheckpointWriter.Write(due.state()));
            }
        }
        if (core.failure().isPresent()) {
            RuntimeException e = core.failure().get();
            return fail(e.getMessage(), e);
        }
        for (WorkerRoster.Entry e : roster.waiting()) {
            while (!queue.isEmpty() && e.waiting) {
                var it = queue.values().iterator();
                Task task = it.next();
                it.remove();
                if (core.assigned(Tasks.id(task), e.id())) {
                    tasksPerWorker.merge(e.id(), 1L, Long::sum);
                    e.waiting = false;
                    e.assigned = task;
                    send(e, task);
                }
            }
        }
        if (core.isDone() && checkpointsPending == 0) {
            RunCounters c = counters();
            getContext().getLog().info("run {} done: {}", core.setup().getRunId(), c);
            observer.tell(new CoordinatorEvent.RunFinished("", core.checkpoint(), c));
            tellWorkersTheRunEnded(true, "");
            return Behaviors.stopped();
        }
        return this;
    }

    private void send(WorkerRoster.Entry e, Task task) {
        TaskInputs inputs = TaskInputs.of(task);
        for (ParameterVersion v : inputs.versions()) {
            core.parameters(v).ifPresent(values -> store.tell(new ParameterStore.PublishVersion(v, values)));
        }
        for (ContentRef c : inputs.contents()) {
            core.content(c.getContentId())
                    .ifPresent(values -> store.tell(new ParameterStore.PublishContent(c.getContentId(), values)));
        }
        e.ref.tell(new AssignTask(task));
    }

    private Behavior<CoordinatorCommand> onCheckpointOutcome(CheckpointOutcome o) {
        checkpointsPending--;
        if (o.outcome() instanceof CheckpointWriter.WriteFailed failed) {
            if (failed.cause() instanceof StaleEpochException) {
                return fail(failed.cause().getMessage(), failed.cause());
            }
            count(CoordinatorCounter.CHECKPOINTS_FAILED);
            getContext()
                    .getLog()
                    .error(
                            "checkpoint {} failed: {}",
                            failed.key().dataFileName(),
                            failed.cause().toString(),
                            failed.cause());
        } else if (o.outcome() instanceof CheckpointWriter.Written written) {
            count(CoordinatorCounter.CHECKPOINTS_WRITTEN);
            observer.tell(new CoordinatorEvent.CheckpointWritten(written.key()));
        }
        return dispatch();
    }

    private Behavior<CoordinatorCommand> fail(String error, Throwable cause) {
        String message = error == null ? String.valueOf(cause) : error;
        getContext().getLog().error("run {} failed: {}", core.setup().getRunId(), message);
        CheckpointState state = null;
        try {
            state = core.checkpoint();
        } catch (RuntimeException ignored) {
            // the state is for diagnosis only
        }
        observer.tell(new CoordinatorEvent.RunFinished(message, state, counters()));
        tellWorkersTheRunEnded(false, message);
        return Behaviors.stopped();
    }

    private void tellWorkersTheRunEnded(boolean succeeded, String reason) {
        for (WorkerRoster.Entry e : roster.all()) {
            e.ref.tell(new RunEnded(core.setup().getRunId(), succeeded, reason));
        }
    }

    private void count(CoordinatorCounter c) {
        counters.merge(c, 1L, Long::sum);
    }

    private RunCounters counters() {
        return new RunCounters(core.counters().toEnumMap(), counters, tasksPerWorker);
    }
}
