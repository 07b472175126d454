package dev.fdc.cli.runtime;

import dev.fdc.protocol.message.CoordinatorMessages;
import dev.fdc.protocol.message.ParameterStoreMessages;
import dev.fdc.protocol.message.WorkerMessages;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The one serializer of fdc's cross-node messages (the records of {@code dev.fdc.protocol.message}),
 * bound in {@code reference.conf} to {@code WorkerCommand}, {@code CoordinatorCommand} and {@code
 * ParameterStoreCommand}. The manifest is the record's simple name (stable: renaming a record is a
 * wire change); the payload is a protobuf message ({@link RecordWireCodec}). An unknown manifest or a
 * malformed payload is a {@link NotSerializableException} naming it, which Pekko logs and drops: the
 * sender's timeout and retry take over.
 */
public final class FdcMessageSerializer extends SerializerWithStringManifest {

    /** This serializer's id in Pekko's serializer table; unique among the system's serializers. */
    public static final int IDENTIFIER = 0x0FDC_0001;

    private static final List<Class<? extends Record>> MESSAGES = List.of(
            WorkerMessages.JoinRun.class,
            WorkerMessages.AssignAdjointMatching.class,
            WorkerMessages.AssignStatistics.class,
            WorkerMessages.AssignCritic.class,
            WorkerMessages.AckChunk.class,
            WorkerMessages.AckResult.class,
            WorkerMessages.DeliverParameterChunk.class,
            WorkerMessages.DeliverParameterUnavailable.class,
            WorkerMessages.DeliverContentChunk.class,
            WorkerMessages.DeliverContentUnavailable.class,
            CoordinatorMessages.RegisterWorker.class,
            CoordinatorMessages.RequestWork.class,
            CoordinatorMessages.UploadGradientChunk.class,
            CoordinatorMessages.UploadResultChunk.class,
            CoordinatorMessages.CompleteGradient.class,
            CoordinatorMessages.CompleteStatistics.class,
            CoordinatorMessages.CompleteCritic.class,
            CoordinatorMessages.ReportFailure.class,
            CoordinatorMessages.DeregisterWorker.class,
            ParameterStoreMessages.FetchParameters.class,
            ParameterStoreMessages.FetchContent.class);

    private static final Map<String, RecordWireCodec<?>> BY_MANIFEST = new HashMap<>();
    private static final Map<Class<?>, RecordWireCodec<?>> BY_CLASS = new HashMap<>();

    static {
        for (Class<? extends Record> c : MESSAGES) {
            RecordWireCodec<?> codec = new RecordWireCodec<>(c);
            BY_MANIFEST.put(c.getSimpleName(), codec);
            BY_CLASS.put(c, codec);
        }
    }

    /** Called by Pekko with the system it serves. */
    public FdcMessageSerializer(ExtendedActorSystem system) {}

    /** For tests and tools outside an actor system. */
    public FdcMessageSerializer() {}

    /** Every message class this serializer knows. */
    public static List<Class<? extends Record>> messageClasses() {
        return MESSAGES;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return codecOf(o).type().getSimpleName();
    }

    @Override
    public byte[] toBinary(Object o) {
        return codecOf(o).write(o);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        RecordWireCodec<?> codec = BY_MANIFEST.get(manifest);
        if (codec == null) {
            throw new NotSerializableException("fdc message manifest '" + manifest + "' is unknown (expected one of "
                    + BY_MANIFEST.keySet() + ")");
        }
        try {
            return codec.read(bytes);
        } catch (IOException e) {
            NotSerializableException n =
                    new NotSerializableException("malformed fdc message " + manifest + ": " + e.getMessage());
            n.initCause(e);
            throw n;
        }
    }

    private static RecordWireCodec<?> codecOf(Object o) {
        RecordWireCodec<?> codec = BY_CLASS.get(o.getClass());
        if (codec == null) {
            throw new IllegalArgumentException("FdcMessageSerializer cannot serialize "
                    + o.getClass().getName() + ": not one of the records of dev.fdc.protocol.message");
        }
        return codec;
    }
}
