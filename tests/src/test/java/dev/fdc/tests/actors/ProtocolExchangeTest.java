package dev.fdc.tests.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.actor.CoordinatorCounter;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.protocol.ChunkAssembler;
import dev.fdc.protocol.ChunkSplitter;
import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteGradient;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteStatistics;
import dev.fdc.protocol.message.CoordinatorMessages.RegisterWorker;
import dev.fdc.protocol.message.CoordinatorMessages.ReportFailure;
import dev.fdc.protocol.message.CoordinatorMessages.RequestWork;
import dev.fdc.protocol.message.CoordinatorMessages.UploadGradientChunk;
import dev.fdc.protocol.message.CoordinatorMessages.UploadResultChunk;
import dev.fdc.protocol.message.ParameterStoreCommand;
import dev.fdc.protocol.message.ParameterStoreMessages.FetchParameters;
import dev.fdc.protocol.message.WorkerCommand;
import dev.fdc.protocol.message.WorkerMessages.AckChunk;
import dev.fdc.protocol.message.WorkerMessages.AckResult;
import dev.fdc.protocol.message.WorkerMessages.AssignTask;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterChunk;
import dev.fdc.protocol.message.WorkerMessages.JoinRun;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.ParameterRequest;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.TensorInfo;
import dev.fdc.protocol.v1.WorkerRegistration;
import dev.fdc.workers.actor.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each exchange at message level, with test probes standing in for the other side. */
class ProtocolExchangeTest {

    static final ActorTestKit KIT = ActorTestKit.create("protocol", ActorTestSupport.config());
    static final ActorRefResolver RESOLVER = ActorRefResolver.get(KIT.system());

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    static String address(ActorRef<?> ref) {
        return RESOLVER.toSerializationFormat(ref);
    }

    static TaskId task(long epoch, int n, int index) {
        return TaskId.newBuilder()
                .setRunId("run1")
                .setCoordinatorEpoch(epoch)
                .setMirrorStep(1)
                .setAmStep(n)
                .setTaskIndex(index)
                .build();
    }

    @Test
    void workerJoinsPullsFetchesInChunksUploadsUnderAWindowAndReportsFailures() {
        TestProbe<CoordinatorCommand> coordinator = KIT.createTestProbe(CoordinatorCommand.class);
        TestProbe<ParameterStoreCommand> store = KIT.createTestProbe(ParameterStoreCommand.class);
        ActorRef<WorkerCommand> worker = KIT.spawn(Worker.create(
                "w-proto",
                ActorTestSupport.cpu(),
                TestingExecutor.factory("w-proto", new TaskGate(), id -> id.getTaskIndex() == 9),
                ActorTestSupport.workerSettings()));
        worker.tell(new JoinRun(
                RunSetup.newBuilder().setRunId("run1").setEpoch(1).build(),
                address(coordinator.ref()),
                address(store.ref())));
        RegisterWorker registration = coordinator.expectMessageClass(RegisterWorker.class);
        assertEquals("w-proto", registration.registration().getWorkerId());
        assertEquals(
                address(worker),
                coordinator.expectMessageClass(RequestWork.class).worker());

        float[] theta = new float[70_000]; // 3 chunks of ≤ 128 KiB
        for (int i = 0; i < theta.length; i++) {
            theta[i] = i * 1e-4f;
        }
        ParameterVersion v =
                ParameterVersion.newBuilder().setEpoch(1).setVersion(4).build();
        AdjointMatchingTask am = AdjointMatchingTask.newBuilder()
                .setTaskId(task(1, 1, 0))
                .setParameterVersion(v)
                .setBaseVersion(v)
                .setSeed(5)
                .setBatchSize(8)
                .setEta(1)
                .build();
        worker.tell(new AssignTask(Tasks.of(am)));
        worker.tell(new AssignTask(Tasks.of(am))); // redelivered: computed once
        FetchParameters fetch = (FetchParameters) store.receiveMessage();
        assertEquals(v, fetch.request().getVersion());
        assertEquals(0, fetch.request().getFirstChunk());
        for (var chunk : ChunkSplitter.of(theta, DType.DTYPE_FP32).parameterChunks(v)) {
            worker.tell(new DeliverParameterChunk(chunk));
        }
        ChunkAssembler gradient = ChunkAssembler.forGradient(am.getTaskId(), 0);
        List<UploadGradientChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            chunks.add(coordinator.expectMessageClass(UploadGradientChunk.class));
        }
        // Ack none: after retry-after the unacknowledged window comes again.
        for (int i = 0; i < 3; i++) {
            UploadGradientChunk again =
                    coordinator.expectMessageClass(UploadGradientChunk.class, Duration.ofSeconds(2));
            gradient.accept(again.chunk());
            worker.tell(new AckChunk(
                    am.getTaskId(), "gradient", again.chunk().getChunk().getIndex()));
        }
        CompleteGradient done = coordinator.expectMessageClass(CompleteGradient.class);
        assertEquals(8, done.done().getSampleCount());
        assertEquals(70_000, done.done().getGradient().getTotalElements());
        float[] g = gradient.values();
        assertEquals((theta[7] - (float) Math.sin(7)) + 0.01f * TestingExecutor.noise(5, 7), g[7], 0f);
        worker.tell(new AckResult(am.getTaskId(), true, ""));
        coordinator.expectMessageClass(RequestWork.class);
        store.expectNoMessage(Duration.ofMillis(200)); // the redelivery was not fetched again

        // Cached version: no fetch. Injected NaN: reported, and the worker pulls again.
        worker.tell(
                new AssignTask(Tasks.of(am.toBuilder().setTaskId(task(1, 1, 9)).build())));
        ReportFailure failure = coordinator.expectMessageClass(ReportFailure.class);
        assertEquals(FailureKind.FAILURE_KIND_NAN, failure.failure().getKind());
        assertEquals(9, failure.failure().getTaskId().getTaskIndex());
        coordinator.expectMessageClass(RequestWork.class);

        // A task of an older epoch is dropped: it would otherwise fetch its (uncached) version.
        worker.tell(new AssignTask(Tasks.of(am.toBuilder()
                .setTaskId(task(0, 1, 1))
                .setParameterVersion(ParameterVersion.newBuilder().setEpoch(0).setVersion(5))
                .build())));
        store.expectNoMessage(Duration.ofMillis(400));
        KIT.stop(worker);
    }

    @Test
    void coordinatorServesPullsAndParametersAndDropsDuplicateAndStaleGradients(@TempDir Path dir) throws Exception {
        new CheckpointStore(dir.resolve("checkpoints"), 1).persistEpoch(0); // so the coordinator runs under epoch 1
        TestRun spec = TestRun.of(50_000, """
                fdc.run { mirror-steps = 1, am-steps = 2, tasks-per-step = 1, statistics-samples = 4,
                          checkpoint-every = 0, final-estimate = false, task-timeout = 30s }
                """);
        RunHarness run = new RunHarness(KIT, spec);
        TestProbe<WorkerCommand> w = KIT.createTestProbe(WorkerCommand.class);
        TestProbe<WorkerCommand> other = KIT.createTestProbe(WorkerCommand.class);
        KIT.system()
                .receptionist()
                .tell(Receptionist.register(
                        ServiceKey.create(WorkerCommand.class, WorkerCommand.SERVICE_NAME), w.ref()));
        run.spawnCoordinator(dir);
        JoinRun join = w.expectMessageClass(JoinRun.class);
        assertEquals(1, join.setup().getEpoch());
        ActorRef<CoordinatorCommand> coordinator = RESOLVER.resolveActorRef(join.coordinator());
        ActorRef<ParameterStoreCommand> store = RESOLVER.resolveActorRef(join.parameterStore());
        coordinator.tell(new RegisterWorker(
                WorkerRegistration.newBuilder().setWorkerId("probe").build(), address(w.ref())));
        coordinator.tell(new RequestWork("probe", address(w.ref())));

        // Estimation: one statistics task; "rewards" uploaded as a result chunk.
        var stats = w.expectMessageClass(AssignTask.class).task().getStatistics();
        assertEquals(4, stats.getSampleCount());
        var rewards = ChunkSplitter.of(new float[] {1, 2, 3, 4}, DType.DTYPE_FP32)
                .resultChunks(stats.getTaskId(), TensorNames.REWARDS);
        coordinator.tell(new UploadResultChunk(rewards.get(0), address(w.ref())));
        assertEquals(new AckChunk(stats.getTaskId(), TensorNames.REWARDS, 0), w.expectMessageClass(AckChunk.class));
        coordinator.tell(new CompleteStatistics(
                StatisticsResult.newBuilder()
                        .setTaskId(stats.getTaskId())
                        .addTensors(TensorInfo.newBuilder().setName(TensorNames.REWARDS))
                        .build(),
                address(w.ref())));
        assertTrue(w.expectMessageClass(AckResult.class).accepted());
        coordinator.tell(new RequestWork("probe", address(w.ref())));

        // AM step 1: fetch θ in chunks from the store, upload a gradient.
        AdjointMatchingTask am = w.expectMessageClass(AssignTask.class).task().getAdjointMatching();
        store.tell(new FetchParameters(
                ParameterRequest.newBuilder()
                        .setVersion(am.getParameterVersion())
                        .setFirstChunk(0)
                        .setEndChunk(1)
                        .build(),
                address(w.ref())));
        DeliverParameterChunk first = w.expectMessageClass(DeliverParameterChunk.class);
        assertEquals(0, first.chunk().getChunk().getIndex());
        assertEquals(2, first.chunk().getChunk().getCount());
        w.expectNoMessage(Duration.ofMillis(100)); // only the requested window
        float[] gradient = new float[spec.dim()];
        uploadGradient(coordinator, w, am.getTaskId(), gradient);
        coordinator.tell(new CompleteGradient(done(am.getTaskId(), am.getParameterVersion()), address(w.ref())));
        assertTrue(w.expectMessageClass(AckResult.class).accepted());
        // The same completion again (its answer was lost): acknowledged, not applied again.
        coordinator.tell(new CompleteGradient(done(am.getTaskId(), am.getParameterVersion()), address(w.ref())));
        assertEquals("already received", w.expectMessageClass(AckResult.class).reason());
        // A late duplicate from another worker (the task had been re-issued) and a gradient of epoch 0.
        uploadGradient(coordinator, other, am.getTaskId(), gradient);
        coordinator.tell(new CompleteGradient(done(am.getTaskId(), am.getParameterVersion()), address(other.ref())));
        assertTrue(other.expectMessageClass(AckResult.class).accepted());
        TaskId stale = am.getTaskId().toBuilder().setCoordinatorEpoch(0).build();
        uploadGradient(coordinator, other, stale, gradient);
        coordinator.tell(new CompleteGradient(done(stale, am.getParameterVersion()), address(other.ref())));
        assertTrue(other.expectMessageClass(AckResult.class).accepted());

        // AM step 2 finishes the run.
        coordinator.tell(new RequestWork("probe", address(w.ref())));
        AdjointMatchingTask am2 = w.expectMessageClass(AssignTask.class).task().getAdjointMatching();
        assertEquals(2, am2.getTaskId().getAmStep());
        assertEquals(1, am2.getParameterVersion().getVersion());
        uploadGradient(coordinator, w, am2.getTaskId(), gradient);
        coordinator.tell(new CompleteGradient(done(am2.getTaskId(), am2.getParameterVersion()), address(w.ref())));
        CoordinatorEvent.RunFinished f = run.awaitFinished();
        assertTrue(f.succeeded(), f.error());
        assertEquals(3L, f.counters().get(LedgerCounter.APPLIED));
        assertEquals(1L, f.counters().get(LedgerCounter.DUPLICATES_DROPPED));
        assertEquals(1L, f.counters().get(LedgerCounter.STALE_EPOCH_DROPPED));
        assertEquals(1L, f.counters().get(CoordinatorCounter.COMPLETIONS_REPEATED));
    }

    private static void uploadGradient(
            ActorRef<CoordinatorCommand> coordinator, TestProbe<WorkerCommand> from, TaskId task, float[] gradient) {
        for (var chunk : ChunkSplitter.of(gradient, DType.DTYPE_FP32).gradientChunks(task)) {
            coordinator.tell(new UploadGradientChunk(chunk, address(from.ref())));
            assertEquals(
                    chunk.getChunk().getIndex(),
                    from.expectMessageClass(AckChunk.class).index());
        }
    }

    private static GradientDone done(TaskId task, ParameterVersion v) {
        return GradientDone.newBuilder()
                .setTaskId(task)
                .setParameterVersion(v)
                .setSampleCount(8)
                .build();
    }
}
