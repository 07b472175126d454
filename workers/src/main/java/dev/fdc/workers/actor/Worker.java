package dev.fdc.workers.actor;

import com.google.protobuf.Message;
import dev.fdc.protocol.ChunkRejectedException;
import dev.fdc.protocol.TaskIdFormat;
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
import dev.fdc.protocol.message.WorkerMessages.AssignAdjointMatching;
import dev.fdc.protocol.message.WorkerMessages.AssignCritic;
import dev.fdc.protocol.message.WorkerMessages.AssignStatistics;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentUnavailable;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterUnavailable;
import dev.fdc.protocol.message.WorkerMessages.JoinRun;
import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.TaskFailed;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.WorkerRegistration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One worker: one device, one task at a time. It registers under {@link #SERVICE_KEY}; the
 * coordinator finds it there and invites it into the run ({@code JoinRun}); from then on the worker
 * pulls: when idle it asks for work, fetches the task's parameter versions and contents its cache
 * lacks, runs the task on the blocking dispatcher, streams the result under a window and, once the
 * coordinator has it, asks for the next task.
 *
 * <h2>Failure semantics</h2>
 *
 * <ul>
 *   <li>Every request (pull, fetch window, upload window, completion) is repeated after {@code
 *       retry-after} without an answer; every answer is idempotent here.
 *   <li>Assignments are deduplicated by task id (the one running, the ones queued, the recently
 *       completed): work pulling is at-least-once. A task of another coordinator epoch than the
 *       run's current one is dropped: a dead incarnation's work is never done.
 *   <li>A new epoch drops cached parameters of older epochs and abandons queued work of them.
 *   <li>A task that fails (NaN, out of memory, any exception, a missing input) is reported as
 *       {@code TaskFailed}; the worker itself never fails for a task and pulls again.
 * </ul>
 */
public final class Worker extends AbstractBehavior<WorkerCommand> {

    /** The key workers register under with the receptionist. */
    public static final ServiceKey<WorkerCommand> SERVICE_KEY =
            ServiceKey.create(WorkerCommand.class, WorkerCommand.SERVICE_NAME);

    private interface Internal extends WorkerCommand, NoSerializationVerificationNeeded {}

    private enum Tick implements Internal {
        INSTANCE
    }

    private record Finished(Message task, TaskResult result) implements Internal {}

    private enum Phase {
        IDLE,
        FETCHING,
        RUNNING,
        UPLOADING
    }

    private final String workerId;
    private final DeviceInfo device;
    private final WorkerSettings settings;
    private final ActorRefResolver resolver;
    private final String self;
    private final Executor blocking;
    private final InputCache cache;
    private final TaskRunner runner;
    private final long retryNanos;

    private RunSetup setup;
    private ActorRef<CoordinatorCommand> coordinator;
    private ActorRef<ParameterStoreCommand> store;
    private final Map<String, Message> queue = new LinkedHashMap<>();
    private final Set<String> recentlyDone = new LinkedHashSet<>();
    private Phase phase = Phase.IDLE;
    private Message current;
    private InputFetch fetch;
    private ResultUpload upload;
    private long pullSentAt = Long.MIN_VALUE;

    /** A worker with the given id (unique in the cluster), device and executor factory. */
    public static Behavior<WorkerCommand> create(
            String workerId, DeviceInfo device, TaskExecutorFactory executors, WorkerSettings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.tick());
            return new Worker(ctx, workerId, device, executors, settings);
        }));
    }

    private Worker(
            ActorContext<WorkerCommand> ctx,
            String workerId,
            DeviceInfo device,
            TaskExecutorFactory executors,
            WorkerSettings settings) {
        super(ctx);
        this.workerId = workerId;
        this.device = device;
        this.settings = settings;
        this.resolver = ActorRefResolver.get(ctx.getSystem());
        this.self = resolver.toSerializationFormat(ctx.getSelf());
        this.blocking =
                ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(settings.blockingDispatcher()));
        this.cache = new InputCache(settings.cacheCapacity());
        this.runner = new TaskRunner(executors, device, cache);
        this.retryNanos = settings.retryAfter().toNanos();
        ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
    }

    @Override
    public Receive<WorkerCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(JoinRun.class, this::onJoin)
                .onMessage(AssignAdjointMatching.class, m -> onAssign(m.task()))
                .onMessage(AssignStatistics.class, m -> onAssign(m.task()))
                .onMessage(AssignCritic.class, m -> onAssign(m.task()))
                .onMessage(DeliverParameterChunk.class, m -> onInput(() -> fetch.accept(m.chunk(), System.nanoTime())))
                .onMessage(DeliverContentChunk.class, m -> onInput(() -> fetch.accept(m.chunk(), System.nanoTime())))
                .onMessage(
                        DeliverParameterUnavailable.class,
                        m -> onUnavailable(
                                m.unavailable().getVersion(),
                                "parameter version unavailable: "
                                        + m.unavailable().getReason()))
                .onMessage(
                        DeliverContentUnavailable.class,
                        m -> onUnavailable(
                                m.contentId(), "content \"" + m.contentId() + "\" unavailable: " + m.reason()))
                .onMessage(Finished.class, this::onFinished)
                .onMessage(AckChunk.class, this::onAckChunk)
                .onMessage(AckResult.class, this::onAckResult)
                .onMessage(Tick.class, t -> onTick())
                .onSignal(PostStop.class, s -> {
                    runner.closeLater(blocking);
                    return this;
                })
                .build();
    }

    private Behavior<WorkerCommand> onJoin(JoinRun join) {
        RunSetup s = join.setup();
        if (setup != null && s.getEpoch() < setup.getEpoch()) {
            return this; // an old incarnation's invitation, delivered late
        }
        if (setup == null || s.getEpoch() > setup.getEpoch()) {
            getContext().getLog().info("{} joins run {} epoch {}", workerId, s.getRunId(), s.getEpoch());
            cache.dropEpochsBefore(s.getEpoch());
            queue.values().removeIf(t -> TaskInputs.idOf(t).getCoordinatorEpoch() < s.getEpoch());
            if (phase == Phase.FETCHING || phase == Phase.UPLOADING) {
                phase = Phase.IDLE; // the old coordinator cannot take this result; a RUNNING one is dropped on
                // finishing
            }
            pullSentAt = Long.MIN_VALUE;
        }
        setup = s;
        coordinator = resolver.resolveActorRef(join.coordinator());
        store = resolver.resolveActorRef(join.parameterStore());
        coordinator.tell(new RegisterWorker(
                WorkerRegistration.newBuilder()
                        .setWorkerId(workerId)
                        .setNodeAddress(getContext().getSystem().address().toString())
                        .setDevice(device)
                        .setProtocolVersion(WireProtocol.VERSION)
                        .build(),
                self));
        if (phase == Phase.IDLE) {
            startNext();
        }
        return this;
    }

    private Behavior<WorkerCommand> onAssign(Message task) {
        TaskId id = TaskInputs.idOf(task);
        String key = TaskIdFormat.format(id);
        if (setup == null || id.getCoordinatorEpoch() != setup.getEpoch()) {
            getContext().getLog().debug("{} drops {}: not of the current epoch", workerId, key);
            return this;
        }
        boolean known = queue.containsKey(key)
                || recentlyDone.contains(key)
                || (current != null
                        && phase != Phase.IDLE
                        && TaskInputs.idOf(current).equals(id));
        if (!known) {
            queue.put(key, task);
        }
        if (phase == Phase.IDLE) {
            startNext();
        }
        return this;
    }

    private void startNext() {
        current = null;
        if (queue.isEmpty()) {
            pull(System.nanoTime());
            return;
        }
        var it = queue.entrySet().iterator();
        current = it.next().getValue();
        it.remove();
        pullSentAt = Long.MIN_VALUE;
        TaskInputs inputs = TaskInputs.of(current);
        cache.pin(
                Set.copyOf(inputs.versions()),
                Set.copyOf(inputs.contents().stream().map(c -> c.getContentId()).toList()));
        fetch = new InputFetch(inputs, cache, workerId, self, settings.fetchWindow(), System.nanoTime());
        phase = Phase.FETCHING;
        if (fetch.isComplete()) {
            run();
        } else {
            fetch.start().forEach(store::tell);
        }
    }

    private void pull(long now) {
        if (coordinator != null) {
            coordinator.tell(new RequestWork(workerId, self));
            pullSentAt = now;
        }
    }

    private Behavior<WorkerCommand> onInput(java.util.function.Supplier<List<ParameterStoreCommand>> accept) {
        if (phase != Phase.FETCHING) {
            return this; // a late chunk of a finished fetch
        }
        try {
            accept.get().forEach(store::tell);
        } catch (ChunkRejectedException e) {
            getContext().getLog().warn("{} drops a chunk: {}", workerId, e.getMessage());
        }
        if (fetch.isComplete()) {
            run();
        }
        return this;
    }

    private Behavior<WorkerCommand> onUnavailable(Object what, String reason) {
        if (phase == Phase.FETCHING && fetch.wants(what)) {
            report(TaskResult.failed(FailureKind.FAILURE_KIND_BAD_INPUT, reason, true));
        }
        return this;
    }

    private void run() {
        phase = Phase.RUNNING;
        Message task = current;
        RunSetup runSetup = setup;
        getContext()
                .pipeToSelf(
                        CompletableFuture.supplyAsync(() -> runner.run(runSetup, task), blocking),
                        (result, error) -> new Finished(
                                task,
                                error == null
                                        ? result
                                        : TaskResult.failed(
                                                FailureKind.FAILURE_KIND_EXCEPTION, String.valueOf(error), true)));
    }

    private Behavior<WorkerCommand> onFinished(Finished f) {
        if (phase != Phase.RUNNING || f.task() != current) {
            return this;
        }
        if (TaskInputs.idOf(f.task()).getCoordinatorEpoch() != setup.getEpoch()) {
            startNext(); // computed for a coordinator that has since been replaced
            return this;
        }
        if (f.result().failure() != null) {
            report(f.result());
            return this;
        }
        long now = System.nanoTime();
        upload = new ResultUpload(
                TaskInputs.idOf(f.task()),
                f.result().tensors(),
                f.result().dtype(),
                f.result().completion(self),
                self,
                settings.uploadWindow(),
                now);
        phase = Phase.UPLOADING;
        upload.start().forEach(coordinator::tell);
        return this;
    }

    private void report(TaskResult failed) {
        TaskId id = TaskInputs.idOf(current);
        getContext()
                .getLog()
                .warn(
                        "{}: task {} failed ({}): {}",
                        workerId,
                        TaskIdFormat.format(id),
                        failed.failure().kind(),
                        failed.failure().getMessage());
        coordinator.tell(new ReportFailure(
                TaskFailed.newBuilder()
                        .setTaskId(id)
                        .setKind(failed.failure().kind())
                        .setMessage(String.valueOf(failed.failure().getMessage()))
                        .setRetryable(failed.failure().retryable())
                        .setWorkerId(workerId)
                        .build(),
                self));
        phase = Phase.IDLE;
        startNext();
    }

    private Behavior<WorkerCommand> onAckChunk(AckChunk ack) {
        if (phase == Phase.UPLOADING && upload.taskId().equals(ack.taskId())) {
            upload.ack(ack.tensor(), ack.index(), System.nanoTime()).forEach(coordinator::tell);
        }
        return this;
    }

    private Behavior<WorkerCommand> onAckResult(AckResult ack) {
        if (phase != Phase.UPLOADING || !upload.taskId().equals(ack.taskId())) {
            return this;
        }
        if (!ack.accepted()) {
            getContext()
                    .getLog()
                    .info(
                            "{}: coordinator lost chunks of {} ({}); sending again",
                            workerId,
                            TaskIdFormat.format(ack.taskId()),
                            ack.reason());
            upload.restart(System.nanoTime()).forEach(coordinator::tell);
            return this;
        }
        recentlyDone.add(TaskIdFormat.format(ack.taskId()));
        if (recentlyDone.size() > settings.recentTasks()) {
            recentlyDone.remove(recentlyDone.iterator().next());
        }
        phase = Phase.IDLE;
        upload = null;
        startNext();
        return this;
    }

    private Behavior<WorkerCommand> onTick() {
        long now = System.nanoTime();
        switch (phase) {
            case IDLE -> {
                if (coordinator != null && (pullSentAt == Long.MIN_VALUE || now - pullSentAt >= retryNanos)) {
                    pull(now);
                }
            }
            case FETCHING -> fetch.retryStalled(now, retryNanos).forEach(store::tell);
            case UPLOADING -> upload.retryStalled(now, retryNanos).forEach(coordinator::tell);
            default -> {} // RUNNING: the task cannot be interrupted; nothing to resend
        }
        return this;
    }
}
