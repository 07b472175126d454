package dev.fdc.protocol.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteCritic;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteGradient;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteStatistics;
import dev.fdc.protocol.message.CoordinatorMessages.DeregisterWorker;
import dev.fdc.protocol.message.CoordinatorMessages.RegisterWorker;
import dev.fdc.protocol.message.CoordinatorMessages.ReportFailure;
import dev.fdc.protocol.message.CoordinatorMessages.RequestWork;
import dev.fdc.protocol.message.CoordinatorMessages.UploadGradientChunk;
import dev.fdc.protocol.message.CoordinatorMessages.UploadResultChunk;
import dev.fdc.protocol.message.ParameterStoreMessages.FetchContent;
import dev.fdc.protocol.message.ParameterStoreMessages.FetchParameters;
import dev.fdc.protocol.message.WorkerMessages.AckChunk;
import dev.fdc.protocol.message.WorkerMessages.AckResult;
import dev.fdc.protocol.message.WorkerMessages.AssignTask;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentUnavailable;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterUnavailable;
import dev.fdc.protocol.message.WorkerMessages.JoinRun;
import dev.fdc.protocol.message.WorkerMessages.RunEnded;
import dev.fdc.protocol.v1.AckChunkMessage;
import dev.fdc.protocol.v1.AckResultMessage;
import dev.fdc.protocol.v1.AssignTaskMessage;
import dev.fdc.protocol.v1.CompleteCriticMessage;
import dev.fdc.protocol.v1.CompleteGradientMessage;
import dev.fdc.protocol.v1.CompleteStatisticsMessage;
import dev.fdc.protocol.v1.DeliverContentChunkMessage;
import dev.fdc.protocol.v1.DeliverContentUnavailableMessage;
import dev.fdc.protocol.v1.DeliverParameterChunkMessage;
import dev.fdc.protocol.v1.DeliverParameterUnavailableMessage;
import dev.fdc.protocol.v1.DeregisterWorkerMessage;
import dev.fdc.protocol.v1.FetchContentMessage;
import dev.fdc.protocol.v1.FetchParametersMessage;
import dev.fdc.protocol.v1.JoinRunMessage;
import dev.fdc.protocol.v1.RegisterWorkerMessage;
import dev.fdc.protocol.v1.ReportFailureMessage;
import dev.fdc.protocol.v1.RequestWorkMessage;
import dev.fdc.protocol.v1.RunEndedMessage;
import dev.fdc.protocol.v1.UploadGradientChunkMessage;
import dev.fdc.protocol.v1.UploadResultChunkMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The byte form of every actor message that crosses nodes: each record of {@code
 * dev.fdc.protocol.message} maps to its protobuf message of {@code fdc/v1/envelopes.proto} (field
 * numbers explicit there) and back, under its simple class name as the manifest. No Pekko here: the
 * Pekko serializer ({@link FdcMessageSerializer}) only delegates.
 */
public final class MessageCodec {

    /** One message kind: record ↔ protobuf. */
    private record Kind<R, P extends Message>(
            Class<R> type, Function<R, P> toProto, Parser<P> parser, Function<P, R> fromProto) {

        byte[] encode(Object record) {
            return toProto.apply(type.cast(record)).toByteArray();
        }

        Object decode(byte[] bytes) throws InvalidProtocolBufferException {
            return fromProto.apply(parser.parse(bytes));
        }
    }

    @FunctionalInterface
    private interface Parser<P> {
        P parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static final Map<String, Kind<?, ?>> BY_MANIFEST = new LinkedHashMap<>();
    private static final Map<Class<?>, String> MANIFESTS = new LinkedHashMap<>();

    static {
        add(new Kind<>(
                JoinRun.class,
                m -> JoinRunMessage.newBuilder()
                        .setSetup(m.setup())
                        .setCoordinator(m.coordinator())
                        .setParameterStore(m.parameterStore())
                        .build(),
                JoinRunMessage::parseFrom,
                p -> new JoinRun(p.getSetup(), p.getCoordinator(), p.getParameterStore())));
        add(new Kind<>(
                AssignTask.class,
                m -> AssignTaskMessage.newBuilder().setTask(m.task()).build(),
                AssignTaskMessage::parseFrom,
                p -> new AssignTask(p.getTask())));
        add(new Kind<>(
                AckChunk.class,
                m -> AckChunkMessage.newBuilder()
                        .setTaskId(m.taskId())
                        .setTensor(m.tensor())
                        .setIndex(m.index())
                        .build(),
                AckChunkMessage::parseFrom,
                p -> new AckChunk(p.getTaskId(), p.getTensor(), p.getIndex())));
        add(new Kind<>(
                AckResult.class,
                m -> AckResultMessage.newBuilder()
                        .setTaskId(m.taskId())
                        .setAccepted(m.accepted())
                        .setReason(m.reason())
                        .build(),
                AckResultMessage::parseFrom,
                p -> new AckResult(p.getTaskId(), p.getAccepted(), p.getReason())));
        add(new Kind<>(
                DeliverParameterChunk.class,
                m -> DeliverParameterChunkMessage.newBuilder()
                        .setChunk(m.chunk())
                        .build(),
                DeliverParameterChunkMessage::parseFrom,
                p -> new DeliverParameterChunk(p.getChunk())));
        add(new Kind<>(
                DeliverParameterUnavailable.class,
                m -> DeliverParameterUnavailableMessage.newBuilder()
                        .setUnavailable(m.unavailable())
                        .build(),
                DeliverParameterUnavailableMessage::parseFrom,
                p -> new DeliverParameterUnavailable(p.getUnavailable())));
        add(new Kind<>(
                DeliverContentChunk.class,
                m -> DeliverContentChunkMessage.newBuilder().setChunk(m.chunk()).build(),
                DeliverContentChunkMessage::parseFrom,
                p -> new DeliverContentChunk(p.getChunk())));
        add(new Kind<>(
                DeliverContentUnavailable.class,
                m -> DeliverContentUnavailableMessage.newBuilder()
                        .setContentId(m.contentId())
                        .setReason(m.reason())
                        .build(),
                DeliverContentUnavailableMessage::parseFrom,
                p -> new DeliverContentUnavailable(p.getContentId(), p.getReason())));
        add(new Kind<>(
                RunEnded.class,
                m -> RunEndedMessage.newBuilder()
                        .setRunId(m.runId())
                        .setSucceeded(m.succeeded())
                        .setReason(m.reason())
                        .build(),
                RunEndedMessage::parseFrom,
                p -> new RunEnded(p.getRunId(), p.getSucceeded(), p.getReason())));
        add(new Kind<>(
                RegisterWorker.class,
                m -> RegisterWorkerMessage.newBuilder()
                        .setRegistration(m.registration())
                        .setWorker(m.worker())
                        .build(),
                RegisterWorkerMessage::parseFrom,
                p -> new RegisterWorker(p.getRegistration(), p.getWorker())));
        add(new Kind<>(
                RequestWork.class,
                m -> RequestWorkMessage.newBuilder()
                        .setWorkerId(m.workerId())
                        .setWorker(m.worker())
                        .build(),
                RequestWorkMessage::parseFrom,
                p -> new RequestWork(p.getWorkerId(), p.getWorker())));
        add(new Kind<>(
                UploadGradientChunk.class,
                m -> UploadGradientChunkMessage.newBuilder()
                        .setChunk(m.chunk())
                        .setWorker(m.worker())
                        .build(),
                UploadGradientChunkMessage::parseFrom,
                p -> new UploadGradientChunk(p.getChunk(), p.getWorker())));
        add(new Kind<>(
                UploadResultChunk.class,
                m -> UploadResultChunkMessage.newBuilder()
                        .setChunk(m.chunk())
                        .setWorker(m.worker())
                        .build(),
                UploadResultChunkMessage::parseFrom,
                p -> new UploadResultChunk(p.getChunk(), p.getWorker())));
        add(new Kind<>(
                CompleteGradient.class,
                m -> CompleteGradientMessage.newBuilder()
                        .setDone(m.done())
                        .setWorker(m.worker())
                        .build(),
                CompleteGradientMessage::parseFrom,
                p -> new CompleteGradient(p.getDone(), p.getWorker())));
        add(new Kind<>(
                CompleteStatistics.class,
                m -> CompleteStatisticsMessage.newBuilder()
                        .setResult(m.result())
                        .setWorker(m.worker())
                        .build(),
                CompleteStatisticsMessage::parseFrom,
                p -> new CompleteStatistics(p.getResult(), p.getWorker())));
        add(new Kind<>(
                CompleteCritic.class,
                m -> CompleteCriticMessage.newBuilder()
                        .setResult(m.result())
                        .setWorker(m.worker())
                        .build(),
                CompleteCriticMessage::parseFrom,
                p -> new CompleteCritic(p.getResult(), p.getWorker())));
        add(new Kind<>(
                ReportFailure.class,
                m -> ReportFailureMessage.newBuilder()
                        .setFailure(m.failure())
                        .setWorker(m.worker())
                        .build(),
                ReportFailureMessage::parseFrom,
                p -> new ReportFailure(p.getFailure(), p.getWorker())));
        add(new Kind<>(
                DeregisterWorker.class,
                m -> DeregisterWorkerMessage.newBuilder()
                        .setDeregistration(m.deregistration())
                        .setWorker(m.worker())
                        .build(),
                DeregisterWorkerMessage::parseFrom,
                p -> new DeregisterWorker(p.getDeregistration(), p.getWorker())));
        add(new Kind<>(
                FetchParameters.class,
                m -> FetchParametersMessage.newBuilder()
                        .setRequest(m.request())
                        .setReplyTo(m.replyTo())
                        .build(),
                FetchParametersMessage::parseFrom,
                p -> new FetchParameters(p.getRequest(), p.getReplyTo())));
        add(new Kind<>(
                FetchContent.class,
                m -> FetchContentMessage.newBuilder()
                        .setRequest(m.request())
                        .setReplyTo(m.replyTo())
                        .build(),
                FetchContentMessage::parseFrom,
                p -> new FetchContent(p.getRequest(), p.getReplyTo())));
    }

    private MessageCodec() {}

    private static void add(Kind<?, ?> kind) {
        String manifest = kind.type().getSimpleName();
        BY_MANIFEST.put(manifest, kind);
        MANIFESTS.put(kind.type(), manifest);
    }

    /** The manifest of a message of this codec, if it is one. */
    public static Optional<String> manifest(Object message) {
        return Optional.ofNullable(MANIFESTS.get(message.getClass()));
    }

    /** The message classes this codec writes, in a fixed order. */
    public static Iterable<Class<?>> messageClasses() {
        return MANIFESTS.keySet();
    }

    /**
     * The bytes of {@code message}.
     *
     * @throws IllegalArgumentException if it is not a message of this codec
     */
    public static byte[] encode(Object message) {
        String manifest = manifest(message)
                .orElseThrow(() -> new IllegalArgumentException(
                        "not a cross-node fdc message: " + message.getClass().getName()));
        return BY_MANIFEST.get(manifest).encode(message);
    }

    /**
     * The message {@code bytes} hold under {@code manifest}.
     *
     * @throws InvalidProtocolBufferException if the bytes do not parse as that message
     * @throws IllegalArgumentException naming an unknown manifest
     */
    public static Object decode(byte[] bytes, String manifest) throws InvalidProtocolBufferException {
        Kind<?, ?> kind = BY_MANIFEST.get(manifest);
        if (kind == null) {
            throw new IllegalArgumentException("unknown fdc message manifest '" + manifest + "'");
        }
        return kind.decode(bytes);
    }
}
