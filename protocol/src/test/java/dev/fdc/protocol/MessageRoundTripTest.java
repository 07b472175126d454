package dev.fdc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.ChunksProto;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.Gate;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.IdsProto;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.ResultsProto;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardProto;
import dev.fdc.protocol.v1.TasksProto;
import dev.fdc.protocol.v1.TensorProto;
import dev.fdc.protocol.v1.WorkerProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every message of {@code fdc/v1}, with every field set to a non-default value, survives {@code
 * toByteArray} / {@code parseFrom} of its generated class. New messages are covered automatically.
 */
class MessageRoundTripTest {

    private static final List<FileDescriptor> FILES = List.of(
            IdsProto.getDescriptor(),
            TensorProto.getDescriptor(),
            ChunksProto.getDescriptor(),
            TasksProto.getDescriptor(),
            ResultsProto.getDescriptor(),
            WorkerProto.getDescriptor(),
            RewardProto.getDescriptor());

    private static List<Descriptor> allMessages() {
        List<Descriptor> out = new ArrayList<>();
        FILES.forEach(f -> out.addAll(f.getMessageTypes()));
        return out;
    }

    @Test
    void theIssuesMessagesAllExist() {
        Set<String> names = new TreeSet<>();
        allMessages().forEach(d -> names.add(d.getName()));
        for (String required : List.of(
                "TaskId",
                "ParameterVersion",
                "AdjointMatchingTask",
                "StatisticsTask",
                "CriticTask",
                "MetricTask",
                "ParameterRequest",
                "ParameterChunk",
                "GradientChunk",
                "GradientDone",
                "TaskFailed",
                "TaskProgress",
                "StatisticsResult",
                "WorkerRegistration",
                "WorkerDeregistration",
                "TensorChunk",
                "LinearizedReward",
                "ContentRef")) {
            assertTrue(names.contains(required), required + " missing from " + names);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyMessageRoundTrips() {
        return allMessages().stream().map(d -> DynamicTest.dynamicTest(d.getFullName(), () -> roundTrip(d)));
    }

    private static void roundTrip(Descriptor descriptor) throws ReflectiveOperationException {
        Class<?> type = Class.forName("dev.fdc.protocol.v1." + descriptor.getName());
        Message.Builder builder = (Message.Builder) type.getMethod("newBuilder").invoke(null);
        populate(builder, 0);
        Message message = builder.build();
        if (!descriptor.getFields().isEmpty()) {
            assertNotEquals(message.getDefaultInstanceForType(), message, "populated " + descriptor.getName());
        }
        Message parsed =
                (Message) type.getMethod("parseFrom", byte[].class).invoke(null, (Object) message.toByteArray());
        assertSame(type, parsed.getClass());
        assertEquals(message, parsed);
        for (FieldDescriptor field : descriptor.getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (field.isRepeated()) {
                assertTrue(parsed.getRepeatedFieldCount(field) > 0, field.getFullName());
            } else if (oneof != null) {
                assertTrue(parsed.hasOneof(oneof), oneof.getFullName());
            } else if (field.hasPresence()) {
                assertTrue(parsed.hasField(field), field.getFullName());
            } else {
                assertNotEquals(field.getDefaultValue(), parsed.getField(field), field.getFullName());
            }
        }
    }

    /** Sets every field of {@code builder} (and of its sub-messages) to a non-default value. */
    private static void populate(Message.Builder builder, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            Object value = valueFor(builder, field, depth);
            if (value == null) {
                continue;
            }
            if (field.isRepeated()) {
                builder.addRepeatedField(field, value);
            } else {
                builder.setField(field, value);
            }
        }
    }

    private static Object valueFor(Message.Builder builder, FieldDescriptor field, int depth) {
        int n = field.getNumber();
        switch (field.getJavaType()) {
            case INT:
                return 100 + n;
            case LONG:
                return 1_000_000_007L * n;
            case FLOAT:
                return n + 0.25f;
            case DOUBLE:
                return n + 0.5;
            case BOOLEAN:
                return true;
            case STRING:
                return field.getName() + "-" + depth;
            case BYTE_STRING:
                return ByteString.copyFromUtf8(field.getName());
            case ENUM: {
                var values = field.getEnumType().getValues();
                return values.get(values.size() - 1);
            }
            case MESSAGE: {
                if (depth > 8) {
                    return null;
                }
                Message.Builder sub = builder.newBuilderForField(field);
                populate(sub, depth + 1);
                return sub.build();
            }
            default:
                throw new AssertionError("unhandled field type " + field.getJavaType());
        }
    }

    @Test
    void anAdjointMatchingTaskKeepsItsReward() throws Exception {
        AdjointMatchingTask task = AdjointMatchingTask.newBuilder()
                .setTaskId(TestTensors.TASK)
                .setParameterVersion(TestTensors.VERSION)
                .setBaseVersion(TestTensors.VERSION.toBuilder().setVersion(10))
                .setEta(0.5)
                .setSeed(-7L)
                .setBatchSize(512)
                .setGridSteps(100)
                .setTimeSubsetSize(50)
                .setBf16Gradients(true)
                .setReward(LinearizedReward.newBuilder()
                        .setScale(2.0)
                        .addTerms(LinearizedTerm.newBuilder()
                                .setLabel("cvar")
                                .setWeight(1.0)
                                .setRewardGradient(RewardGradient.newBuilder()
                                        .setBelow(Gate.newBuilder()
                                                .setThreshold(-0.3)
                                                .setScale(10)))))
                .build();
        AdjointMatchingTask parsed = AdjointMatchingTask.parseFrom(task.toByteArray());
        assertEquals(task, parsed);
        assertFalse(parsed.hasLossClipThreshold(), "no clipping threshold yet is distinguishable from 0");
        assertEquals(
                -0.3,
                parsed.getReward().getTerms(0).getRewardGradient().getBelow().getThreshold());
        assertEquals("r1/e2/k1/n4/i0", TaskIdFormat.format(parsed.getTaskId()));
    }

    @Test
    void aFullChunkStaysFarBelowArterysFrameLimit() {
        GradientChunk chunk = ChunkSplitter.of(new float[TestTensors.FP32_PER_CHUNK], DType.DTYPE_FP32)
                .gradientChunks(
                        TestTensors.TASK.toBuilder().setRunId("r".repeat(200)).build())
                .get(0);
        int size = chunk.getSerializedSize();
        assertTrue(size < ChunkLayout.MAX_CHUNK_BYTES + 512, size + " bytes");
        assertTrue(size < 256 * 1024 / 2 + 512, "half of the 256 KiB default frame, plus the envelope");
    }
}
