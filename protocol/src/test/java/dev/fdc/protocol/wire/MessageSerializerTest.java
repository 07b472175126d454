package dev.fdc.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.fdc.protocol.ChunkSplitter;
import dev.fdc.protocol.message.CoordinatorMessages.UploadGradientChunk;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.TaskId;
import java.io.NotSerializableException;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

/**
 * Every cross-node record survives the serializer (its envelope in {@code envelopes.proto}); bad
 * input is refused with a message that names it.
 */
class MessageSerializerTest {

    private final FdcMessageSerializer serializer = new FdcMessageSerializer();

    @Test
    void everyMessageRoundTrips() throws Exception {
        int kinds = 0;
        for (Class<?> type : MessageCodec.messageClasses()) {
            kinds++;
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                Class<?> c = components[i].getType();
                types[i] = c;
                values[i] = c == String.class
                        ? "pekko://fdc/user/x-" + i
                        : c == int.class
                                ? 7 + i
                                : c == long.class ? 1L << 40 : c == boolean.class ? Boolean.TRUE : sample(c);
            }
            Object message = type.getDeclaredConstructor(types).newInstance(values);
            byte[] bytes = serializer.toBinary(message);
            Object back = serializer.fromBinary(bytes, serializer.manifest(message));
            assertEquals(message, back, type.getSimpleName());
        }
        assertEquals(20, kinds, "every record of dev.fdc.protocol.message has a wire form");
    }

    @Test
    void aFullChunkStaysFarBelowTheFrameLimit() throws Exception {
        float[] values = new float[100_000];
        TaskId id = TaskId.newBuilder()
                .setRunId("r")
                .setCoordinatorEpoch(3)
                .setMirrorStep(1)
                .setAmStep(2)
                .build();
        var chunk =
                ChunkSplitter.of(values, DType.DTYPE_FP32).gradientChunks(id).get(0);
        UploadGradientChunk m = new UploadGradientChunk(chunk, "pekko://fdc@127.0.0.1:1/user/w0#1");
        byte[] bytes = serializer.toBinary(m);
        assertTrue(bytes.length < 132 * 1024, bytes.length + " bytes");
        assertEquals(m, serializer.fromBinary(bytes, "UploadGradientChunk"));
    }

    @Test
    void unknownManifestAndMalformedBytesAreRefused() {
        var unknown = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "Nope"));
        assertTrue(unknown.getMessage().contains("'Nope'"), unknown.getMessage());
        var malformed = assertThrows(
                NotSerializableException.class,
                () -> serializer.fromBinary(new byte[] {0x0A, 0x7F, 0x01}, "UploadGradientChunk"));
        assertTrue(malformed.getMessage().contains("UploadGradientChunk"), malformed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("a string"));
    }

    private static Object sample(Class<?> type) throws Exception {
        Message.Builder b = (Message.Builder) type.getMethod("newBuilder").invoke(null);
        // Fill the first string or message field so the sample is not the default instance.
        for (var field : b.getDescriptorForType().getFields()) {
            if (field.isRepeated()) {
                continue;
            }
            switch (field.getJavaType()) {
                case STRING -> b.setField(field, "s-" + field.getName());
                case LONG -> b.setField(field, 5L);
                case INT -> b.setField(field, 3);
                case BOOLEAN -> b.setField(field, true);
                case DOUBLE -> b.setField(field, 0.25);
                case MESSAGE -> b.setField(field, b.newBuilderForField(field).buildPartial());
                default -> {}
            }
        }
        return b.build();
    }
}
