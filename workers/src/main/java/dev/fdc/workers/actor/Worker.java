package dev.fdc.workers.actor;

import dev.fdc.protocol.ChunkRejectedException;
import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.WireProtocol;
import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.message.CoordinatorMessages.RegisterWorker;
import dev.fdc.protocol.message.CoordinatorMessages.ReportFailure;
import dev.fdc.protocol.message.CoordinatorMessages.RequestWork;
import dev.fdc.protocol.message.ParameterStoreCommand;
import dev.fdc.protocol.message.TaskInputs;
import dev.fdc.protocol.message.WorkerCommand;
import dev.fdc.protocol.message.WorkerMessages.AckChunk;
import dev.fdc.protocol.message.WorkerMessages.AckResult;
import dev.fdc.protocol.message.WorkerMessages.AssignTask;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentUnavailable;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterUnavailable;
import dev.fdc.protocol.message.WorkerMessages.JoinRun;
import dev.fdc.protocol.message.WorkerMessages.RunEnded;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.Task;
import dev.fdc.protocol.v1.TaskFailed;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.WorkerRegistration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One worker: one device, one task at a time. It registers under {@link #SERVICE_KEY}; the
 * coordinator finds it there and invites it into the run ({@code JoinRun}); from then on the
 * worker pulls. Its phases are behaviours:
 *
 * <ul>
 *   <li>{@link #idle()}: no task; it asks for work (again every {@code retry-after}).
 *   <li>{@link #fetching}: the task's parameter versions and contents its cache lacks arrive from
 *       the coordinator's parameter store in chunks, a window at a time.
 *   <li>{@link #running}: the task computes on the blocking dispatcher, never on the actor's thread.
 *   <li>{@link #uploading}: the result streams to the coordinator under a window of unacknowledged
 *       chunks, then the completion, until the coordinator has it; then the next task.
 * </ul>
 *
 * <h2>Failure semantics</h2>
 *
 * <ul>
 *   <li>Every request (pull, fetch window, upload window, completion) is repeated after {@code
 *       retry-after} without an answer; every answer is idempotent here.
 *   <li>Assignments are deduplicated by task id ({@link Assignments}): work pulling is
 *       at-least-once. A task of another coordinator epoch than the run's current one is dropped:
 *       a dead incarnation's work is never done.
 *   <li>A new epoch drops cached parameters of older epochs and abandons queued work of them; a
 *       new run drops everything cached for the previous one.
 *   <li>A task that fails (NaN, out of memory, any exception, a missing input) is reported as
 *       {@code TaskFailed}; the worker itself never fails for a task and pulls again.
 * </ul>
 */
public final class Worker {

    /** The key workers register under with the receptionist. */
    public static final ServiceKey<WorkerCommand> SERVICE_KEY =
            ServiceKey.create(WorkerCommand.class, WorkerCommand.SERVICE_NAME);

    private interface Internal extends WorkerCommand, NoSerializationVerificationNeeded {}

    private enum Tick implements Internal {
        INSTANCE
    }

    private record Finished(Task task, TaskResult result) implements Internal {}

    /** The task being worked on, with its printed id. */
    private record Job(Task task, TaskId id, String key) {
        static Job of(Task task) {
            return new Job(task, Tasks.id(task), Tasks.name(task));
        }
    }

    private final ActorContext<WorkerCommand> ctx;
    private final String workerId;
    private final DeviceInfo device;
    private final WorkerSettings settings;
    private final ActorRefResolver resolver;
    private final String self;
    private final Executor blocking;
    private final InputCache cache;
    private final TaskRunner runner;
    private final Assignments assignments;
    private final long retryNanos;
    private RunSetup setup;
    private ActorRef<CoordinatorCommand> coordinator;
    private ActorRef<ParameterStoreCommand> store;
    private long pullSentAt = Long.MIN_VALUE;

    /** A worker with the given id (unique in the cluster), device and executor factory. */
    public static Behavior<WorkerCommand> create(
            String workerId, DeviceInfo device, TaskExecutorFactory executors, WorkerSettings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.tick());
            return new Worker(ctx, workerId, device, executors, settings).idle();
        }));
    }

    private Worker(
            ActorContext<WorkerCommand> ctx,
            String workerId,
            DeviceInfo device,
            TaskExecutorFactory executors,
            WorkerSettings settings) {
        this.ctx = ctx;
        this.workerId = workerId;
        this.device = device;
        this.settings = settings;
        this.resolver = ActorRefResolver.get(ctx.getSystem());
        this.self = resolver.toSerializationFormat(ctx.getSelf());
        this.blocking =
                ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(settings.blockingDispatcher()));
        this.cache = new InputCache(settings.cacheCapacity());
        this.runner = new TaskRunner(executors, device, cache);
        this.assignments = new Assignments(settings.recentTasks());
        this.retryNanos = settings.retryAfter().toNanos();
        ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
    }

    // ---- phases

    private Behavior<WorkerCommand> idle() {
        return common(null, false)
                .onMessage(Tick.class, t -> {
                    long now = System.nanoTime();
                    if (coordinator != null && (pullSentAt == Long.MIN_VALUE || now - pullSentAt >= retryNanos)) {
                        pull(now);
                    }
                    return Behaviors.same();
                })
                .onAnyMessage(m -> Behaviors.same()) // late chunks and acknowledgements of earlier tasks
                .build();
    }

    private Behavior<WorkerCommand> fetching(Job job, InputFetch fetch) {
        return common(job, true)
                .onMessage(
                        DeliverParameterChunk.class,
                        m -> onInput(job, fetch, () -> fetch.accept(m.chunk(), System.nanoTime())))
                .onMessage(
                        DeliverContentChunk.class,
                        m -> onInput(job, fetch, () -> fetch.accept(m.chunk(), System.nanoTime())))
                .onMessage(
                        DeliverParameterUnavailable.class,
                        m -> onUnavailable(
                                job,
                                fetch,
                                m.unavailable().getVersion(),
                                "parameter version unavailable: "
                                        + m.unavailable().getReason()))
                .onMessage(
                        DeliverContentUnavailable.class,
                        m -> onUnavailable(
                                job,
                                fetch,
                                m.contentId(),
                                "content \"" + m.contentId() + "\" unavailable: " + m.reason()))
                .onMessage(Tick.class, t -> {
                    fetch.retryStalled(System.nanoTime(), retryNanos).forEach(store::tell);
                    return Behaviors.same();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<WorkerCommand> running(Job job) {
        return common(job, false)
                .onMessage(Finished.class, f -> f.task() == job.task() ? onFinished(job, f.result()) : Behaviors.same())
                .onAnyMessage(m -> Behaviors.same()) // a running task cannot be interrupted; nothing to resend
                .build();
    }

    private Behavior<WorkerCommand> uploading(Job job, ResultUpload upload) {
        return common(job, true)
                .onMessage(AckChunk.class, ack -> {
                    if (job.id().equals(ack.taskId())) {
                        upload.ack(ack.tensor(), ack.index(), System.nanoTime()).forEach(coordinator::tell);
                    }
                    return Behaviors.same();
                })
                .onMessage(AckResult.class, ack -> {
                    if (!job.id().equals(ack.taskId())) {
                        return Behaviors.same();
                    }
                    if (!ack.accepted()) {
                        ctx.getLog()
                                .info(
                                        "{}: coordinator lost chunks of {} ({}); sending again",
                                        workerId,
                                        job.key(),
                                        ack.reason());
                        upload.restart(System.nanoTime()).forEach(coordinator::tell);
                        return Behaviors.same();
                    }
                    assignments.completed(job.key());
                    return next();
                })
                .onMessage(Tick.class, t -> {
                    upload.retryStalled(System.nanoTime(), retryNanos).forEach(coordinator::tell);
                    return Behaviors.same();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    /**
     * What every phase answers the same way: invitations, assignments, and the stop signal.
     *
     * @param job the phase's task (null when idle)
     * @param abandonable whether a new coordinator epoch abandons the phase (fetching, uploading)
     */
    private BehaviorBuilder<WorkerCommand> common(Job job, boolean abandonable) {
        return Behaviors.receive(WorkerCommand.class)
                .onMessage(JoinRun.class, join -> onJoin(join, job, abandonable))
                .onMessage(AssignTask.class, a -> onAssign(a.task(), job))
                .onMessage(RunEnded.class, this::onRunEnded)
                .onSignal(PostStop.class, s -> {
                    runner.closeLater(blocking);
                    return Behaviors.same();
                });
    }

    // ---- transitions

    private Behavior<WorkerCommand> onJoin(JoinRun join, Job job, boolean abandonable) {
        RunSetup s = join.setup();
        boolean newRun = setup == null || !setup.getRunId().equals(s.getRunId());
        if (!newRun && s.getEpoch() < setup.getEpoch()) {
            return Behaviors.same(); // an old incarnation's invitation, delivered late
        }
        boolean newEpoch = newRun || s.getEpoch() > setup.getEpoch();
        if (newEpoch) {
            ctx.getLog().info("{} joins run {} epoch {}", workerId, s.getRunId(), s.getEpoch());
            if (newRun) {
                assignments.clear();
            }
            cache.serveRun(s.getRunId());
            cache.dropEpochsBefore(s.getEpoch());
            assignments.dropEpochsBefore(s.getEpoch());
            pullSentAt = Long.MIN_VALUE;
        }
        setup = s;
        coordinator = resolver.resolveActorRef(join.coordinator());
        store = resolver.resolveActorRef(join.parameterStore());
        coordinator.tell(new RegisterWorker(
                WorkerRegistration.newBuilder()
                        .setWorkerId(workerId)
                        .setNodeAddress(ctx.getSystem().address().toString())
                        .setDevice(device)
                        .setProtocolVersion(WireProtocol.VERSION)
                        .build(),
                self));
        if (job == null) {
            return next();
        }
        if (newEpoch && abandonable && !isCurrent(job.id())) {
            return next(); // the old coordinator cannot take this fetch or upload any more
        }
        return Behaviors.same(); // a running task of an old epoch is dropped when it finishes
    }

    private Behavior<WorkerCommand> onRunEnded(RunEnded ended) {
        if (setup == null || !setup.getRunId().equals(ended.runId())) {
            return Behaviors.same();
        }
        ctx.getLog()
                .info(
                        "{}: run {} ended{}",
                        workerId,
                        ended.runId(),
                        ended.succeeded() ? "" : " with an error: " + ended.reason());
        setup = null;
        coordinator = null;
        store = null;
        assignments.clear();
        ctx.getSystem()
                .eventStream()
                .tell(new EventStream.Publish<>(
                        new WorkerEvent.RunEnded(workerId, ended.runId(), ended.succeeded(), ended.reason())));
        return idle(); // a running task's result is dropped when it finishes: no run is current
    }

    private Behavior<WorkerCommand> onAssign(Task task, Job job) {
        TaskId id = Tasks.id(task);
        if (!isCurrent(id)) {
            ctx.getLog().debug("{} drops {}: not of the current run and epoch", workerId, Tasks.name(task));
            return Behaviors.same();
        }
        assignments.offer(task, job == null ? null : job.key());
        return job == null ? next() : Behaviors.same();
    }

    /** Starts the next queued task, or pulls for one and waits. */
    private Behavior<WorkerCommand> next() {
        var queued = assignments.next();
        if (queued.isEmpty()) {
            pull(System.nanoTime());
            return idle();
        }
        Job job = Job.of(queued.get());
        pullSentAt = Long.MIN_VALUE;
        TaskInputs inputs = TaskInputs.of(job.task());
        cache.pin(
                Set.copyOf(inputs.versions()),
                Set.copyOf(
                        inputs.contents().stream().map(ContentRef::getContentId).toList()));
        InputFetch fetch = new InputFetch(inputs, cache, workerId, self, settings.fetchWindow(), System.nanoTime());
        if (fetch.isComplete()) {
            return run(job);
        }
        fetch.start().forEach(store::tell);
        return fetching(job, fetch);
    }

    private Behavior<WorkerCommand> onInput(Job job, InputFetch fetch, Supplier<List<ParameterStoreCommand>> accept) {
        try {
            accept.get().forEach(store::tell);
        } catch (ChunkRejectedException e) {
            ctx.getLog().warn("{} drops a chunk: {}", workerId, e.getMessage());
        }
        return fetch.isComplete() ? run(job) : Behaviors.same();
    }

    private Behavior<WorkerCommand> onUnavailable(Job job, InputFetch fetch, Object what, String reason) {
        if (!fetch.wants(what)) {
            return Behaviors.same();
        }
        return report(job, TaskResult.failed(FailureKind.FAILURE_KIND_BAD_INPUT, reason, true));
    }

    private Behavior<WorkerCommand> run(Job job) {
        RunSetup runSetup = setup;
        ctx.pipeToSelf(
                CompletableFuture.supplyAsync(() -> runner.run(runSetup, job.task()), blocking),
                (result, error) -> new Finished(
                        job.task(),
                        error == null
                                ? result
                                : TaskResult.failed(FailureKind.FAILURE_KIND_EXCEPTION, String.valueOf(error), true)));
        return running(job);
    }

    private Behavior<WorkerCommand> onFinished(Job job, TaskResult result) {
        if (!isCurrent(job.id())) {
            return next(); // computed for a coordinator (or run) that has since been replaced
        }
        if (result.failure() != null) {
            return report(job, result);
        }
        long now = System.nanoTime();
        ResultUpload upload = new ResultUpload(
                job.id(),
                result.tensors(),
                result.dtype(),
                result.completion(self),
                self,
                settings.uploadWindow(),
                now);
        upload.start().forEach(coordinator::tell);
        return uploading(job, upload);
    }

    private Behavior<WorkerCommand> report(Job job, TaskResult failed) {
        ctx.getLog()
                .warn(
                        "{}: task {} failed ({}): {}",
                        workerId,
                        job.key(),
                        failed.failure().kind(),
                        failed.failure().getMessage());
        coordinator.tell(new ReportFailure(
                TaskFailed.newBuilder()
                        .setTaskId(job.id())
                        .setKind(failed.failure().kind())
                        .setMessage(String.valueOf(failed.failure().getMessage()))
                        .setRetryable(failed.failure().retryable())
                        .setWorkerId(workerId)
                        .build(),
                self));
        return next();
    }

    private void pull(long now) {
        if (coordinator != null) {
            coordinator.tell(new RequestWork(workerId, self));
            pullSentAt = now;
        }
    }

    /** Whether a task belongs to the run and coordinator epoch this worker serves now. */
    private boolean isCurrent(TaskId id) {
        return setup != null && id.getRunId().equals(setup.getRunId()) && id.getCoordinatorEpoch() == setup.getEpoch();
    }
}
