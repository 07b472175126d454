package dev.fdc.protocol;

import static dev.fdc.protocol.TestTensors.TASK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.fdc.protocol.ChunkRejectedException.Reason;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.TensorChunk;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Malformed chunks: oversized, truncated, corrupted, foreign, inconsistent. Every rejection names
 * the chunk and the field, and leaves the assembler able to take a correct copy and complete.
 */
class ChunkAssemblerRejectionTest {

    private static final int E = TestTensors.FP32_PER_CHUNK;
    private static final String AT_CHUNK_1 = "chunk 1 of 3 for task r1/e2/k1/n4/i0: ";

    /** 2E + 5 fp32 elements: three chunks, the last one short. */
    private final float[] values = TestTensors.random(2 * E + 5, 42);

    private final List<GradientChunk> chunks =
            ChunkSplitter.of(values, DType.DTYPE_FP32).gradientChunks(TASK);
    private final ChunkAssembler assembler = ChunkAssembler.forGradient(TASK, 0);

    private GradientChunk chunkWith(int index, UnaryOperator<TensorChunk> change) {
        GradientChunk original = chunks.get(index);
        return original.toBuilder().setChunk(change.apply(original.getChunk())).build();
    }

    /** Asserts that {@code chunk} is rejected for {@code reason} with {@code message} in its text, changing nothing. */
    private ChunkRejectedException assertRejected(GradientChunk chunk, Reason reason, String message) {
        int received = assembler.receivedCount();
        int duplicates = assembler.duplicateCount();
        ChunkRejectedException e = assertThrows(ChunkRejectedException.class, () -> assembler.accept(chunk));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(message), "message \"" + e.getMessage() + "\" lacks \"" + message + "\"");
        assertEquals(chunk.getChunk().getIndex(), e.chunkIndex());
        assertEquals(received, assembler.receivedCount(), "a rejected chunk is not counted");
        assertEquals(duplicates, assembler.duplicateCount());
        return e;
    }

    /** Asserts that the correct chunks still complete the tensor. */
    private void assertStillCompletes() {
        chunks.forEach(assembler::accept);
        assertTrue(assembler.isComplete());
        assertArrayEquals(values, assembler.values());
    }

    @Test
    void rejectsAnOversizedPayload() {
        GradientChunk oversized =
                chunkWith(1, c -> TestTensors.withPayload(c, c.getPayload().concat(ByteString.copyFrom(new byte[4]))));
        assertRejected(
                oversized,
                Reason.PAYLOAD_SIZE,
                AT_CHUNK_1 + "payload is oversized: 131076 bytes, at most 131072 allowed");
        assertStillCompletes();
    }

    @Test
    void rejectsATruncatedPayloadAtEveryLength() {
        float[] small = {1, 2, 3, 4, 5};
        GradientChunk whole =
                ChunkSplitter.of(small, DType.DTYPE_FP32).gradientChunks(TASK).get(0);
        ChunkAssembler smallAssembler = ChunkAssembler.forGradient(TASK, 0);
        for (int length = 0; length < 20; length++) {
            ByteString prefix = whole.getChunk().getPayload().substring(0, length);
            for (boolean fixCrc : new boolean[] {true, false}) {
                TensorChunk c = fixCrc
                        ? TestTensors.withPayload(whole.getChunk(), prefix)
                        : whole.getChunk().toBuilder().setPayload(prefix).build();
                GradientChunk truncated = whole.toBuilder().setChunk(c).build();
                ChunkRejectedException e = assertThrows(
                        ChunkRejectedException.class, () -> smallAssembler.accept(truncated), "length " + length);
                assertEquals(Reason.PAYLOAD_SIZE, e.reason(), e.getMessage());
                String expected = length % 4 == 0
                        ? "payload is truncated: " + length + " bytes, element_count 5 needs 20"
                        : "payload of " + length + " bytes is not a whole number of 4-byte DTYPE_FP32 elements";
                assertTrue(e.getMessage().contains(expected), e.getMessage());
            }
        }
        assertEquals(0, smallAssembler.receivedCount());
        smallAssembler.accept(whole);
        assertArrayEquals(small, smallAssembler.values());
    }

    @Test
    void rejectsATruncatedFullChunkAndATooLongLastChunk() {
        GradientChunk truncated =
                chunkWith(1, c -> TestTensors.withPayload(c, c.getPayload().substring(0, 4 * E - 4)));
        assertRejected(
                truncated,
                Reason.PAYLOAD_SIZE,
                AT_CHUNK_1 + "payload is truncated: 131068 bytes, element_count 32768 needs 131072");
        GradientChunk tooLong =
                chunkWith(2, c -> TestTensors.withPayload(c, c.getPayload().concat(ByteString.copyFrom(new byte[4]))));
        assertRejected(
                tooLong, Reason.PAYLOAD_SIZE, "chunk 2 of 3 for task r1/e2/k1/n4/i0: payload is too long: 24 bytes");
        assertStillCompletes();
    }

    @Test
    void rejectsACorruptedByteAtEveryPosition() {
        float[] small = {1, -2, 3.5f, Float.MIN_VALUE, 1e30f};
        GradientChunk whole =
                ChunkSplitter.of(small, DType.DTYPE_BF16).gradientChunks(TASK).get(0);
        int crc = whole.getChunk().getCrc32C();
        ChunkAssembler smallAssembler = ChunkAssembler.forGradient(TASK, 0);
        for (int position = 0; position < whole.getChunk().getPayload().size(); position++) {
            TensorChunk corrupted = TestTensors.withFlippedByte(whole.getChunk(), position);
            GradientChunk bad = whole.toBuilder().setChunk(corrupted).build();
            ChunkRejectedException e = assertThrows(ChunkRejectedException.class, () -> smallAssembler.accept(bad));
            assertEquals(Reason.CRC32C, e.reason());
            assertEquals(
                    String.format(
                            "chunk 0 of 1 for task r1/e2/k1/n4/i0: CRC32C mismatch (expected 0x%08x, got 0x%08x)",
                            crc, Crc32c.of(corrupted.getPayload())),
                    e.getMessage());
        }
        assertEquals(0, smallAssembler.receivedCount());
    }

    @Test
    void rejectsACorruptedChunkInTheMiddleAndAWrongChecksum() {
        assertRejected(
                chunkWith(1, c -> TestTensors.withFlippedByte(c, 2 * E + 1)),
                Reason.CRC32C,
                AT_CHUNK_1 + "CRC32C mismatch (expected ");
        assertRejected(
                chunkWith(1, c -> c.toBuilder().setCrc32C(c.getCrc32C() ^ 1).build()),
                Reason.CRC32C,
                AT_CHUNK_1 + "CRC32C mismatch");
        assertStillCompletes();
    }

    @Test
    void rejectsAChunkForAnotherTaskOrAnOlderEpoch() {
        assertRejected(
                chunks.get(1).toBuilder().setTaskId(TestTensors.OTHER_TASK).build(),
                Reason.STREAM,
                AT_CHUNK_1 + "belongs to another stream (expected task r1/e2/k1/n4/i0, got task r1/e2/k1/n4/i1)");
        assertRejected(
                chunks.get(1).toBuilder()
                        .setTaskId(TASK.toBuilder().setCoordinatorEpoch(1))
                        .build(),
                Reason.STREAM,
                "got task r1/e1/k1/n4/i0");
        ChunkRejectedException e = assertThrows(
                ChunkRejectedException.class,
                () -> assembler.accept(ChunkSplitter.of(values, DType.DTYPE_FP32)
                        .parameterChunks(TestTensors.VERSION)
                        .get(0)));
        assertEquals(Reason.STREAM, e.reason());
        assertTrue(e.getMessage().contains("got parameters e2/v17"), e.getMessage());
        assertStillCompletes();
    }

    @Test
    void rejectsAResultChunkOfAnotherTensor() {
        ChunkAssembler rewards = ChunkAssembler.forResult(TASK, "rewards", 0);
        ChunkRejectedException e = assertThrows(
                ChunkRejectedException.class,
                () -> rewards.accept(ChunkSplitter.of(values, DType.DTYPE_FP32)
                        .resultChunks(TASK, "samples")
                        .get(2)));
        assertEquals(Reason.STREAM, e.reason());
        assertTrue(
                e.getMessage().startsWith("chunk 2 of 3 for tensor \"rewards\" of task r1/e2/k1/n4/i0: "),
                e.getMessage());
    }

    @Test
    void rejectsCountMismatches() {
        assertRejected(
                chunkWith(1, c -> c.toBuilder().setCount(4).build()),
                Reason.COUNT,
                "chunk 1 of 4 for task r1/e2/k1/n4/i0: count 4 does not fit total_elements 65541 of DTYPE_FP32");
        assertRejected(chunkWith(0, c -> c.toBuilder().setCount(0).build()), Reason.COUNT, "count must be at least 1");
        assembler.accept(chunks.get(0));
        assertRejected(
                chunkWith(1, c -> c.toBuilder().setCount(2).build()),
                Reason.COUNT,
                "chunk 1 of 2 for task r1/e2/k1/n4/i0: count 2 differs from 3 of earlier chunks");
        assertStillCompletes();
    }

    @Test
    void rejectsTotalMismatches() {
        assembler.accept(chunks.get(0));
        GradientChunk ofLongerTensor = ChunkSplitter.of(TestTensors.random(2 * E + 6, 1), DType.DTYPE_FP32)
                .gradientChunks(TASK)
                .get(1);
        assertRejected(
                ofLongerTensor, Reason.TOTAL, AT_CHUNK_1 + "total_elements 65542 differs from 65541 of earlier chunks");
        assertStillCompletes();

        ChunkAssembler expecting = ChunkAssembler.forGradient(TASK, 0).optExpectedTotalElements(2 * E + 6);
        ChunkRejectedException e = assertThrows(ChunkRejectedException.class, () -> expecting.accept(chunks.get(2)));
        assertEquals(Reason.TOTAL, e.reason());
        assertTrue(e.getMessage().endsWith("total_elements 65541 differs from 65542 expected"), e.getMessage());

        ChunkAssembler small = ChunkAssembler.forGradient(TASK, 0).optMaxElements(E);
        e = assertThrows(ChunkRejectedException.class, () -> small.accept(chunks.get(0)));
        assertEquals(Reason.TOTAL, e.reason());
        assertTrue(e.getMessage().contains("total_elements 65541 is outside [0, 32768]"), e.getMessage());
    }

    @Test
    void rejectsIndicesOutOfRange() {
        assertRejected(
                chunkWith(2, c -> c.toBuilder().setIndex(3).build()),
                Reason.INDEX,
                "chunk 3 of 3 for task r1/e2/k1/n4/i0: index is outside [0, 3)");
        assertRejected(chunkWith(0, c -> c.toBuilder().setIndex(-1).build()), Reason.INDEX, "chunk -1 of 3");
        assertStillCompletes();
    }

    @Test
    void rejectsDTypeProblems() {
        assertRejected(
                chunkWith(
                        1, c -> c.toBuilder().setDtype(DType.DTYPE_UNSPECIFIED).build()),
                Reason.DTYPE,
                AT_CHUNK_1 + "dtype DTYPE_UNSPECIFIED is not DTYPE_FP32 or DTYPE_BF16");
        assertRejected(chunkWith(1, c -> c.toBuilder().setDtypeValue(99).build()), Reason.DTYPE, "UNRECOGNIZED");
        assembler.accept(chunks.get(0));
        GradientChunk bf16 =
                ChunkSplitter.of(values, DType.DTYPE_BF16).gradientChunks(TASK).get(1);
        assertRejected(
                bf16,
                Reason.DTYPE,
                "chunk 1 of 2 for task r1/e2/k1/n4/i0: dtype DTYPE_BF16 differs from DTYPE_FP32 of earlier chunks");
        assertStillCompletes();

        ChunkAssembler wantsBf16 = ChunkAssembler.forGradient(TASK, 0).optExpectedDType(DType.DTYPE_BF16);
        ChunkRejectedException e = assertThrows(ChunkRejectedException.class, () -> wantsBf16.accept(chunks.get(0)));
        assertTrue(e.getMessage().endsWith("dtype DTYPE_FP32 differs from DTYPE_BF16 expected"), e.getMessage());
    }

    @Test
    void rejectsLayoutViolations() {
        assertRejected(
                chunkWith(1, c -> c.toBuilder().setElementOffset(E + 1).build()),
                Reason.OFFSET,
                AT_CHUNK_1 + "element_offset 32769 is not the layout's 32768");
        assertRejected(
                chunkWith(1, c -> c.toBuilder().setElementCount(E - 1).build()),
                Reason.ELEMENT_COUNT,
                AT_CHUNK_1 + "element_count 32767 is not the layout's 32768");
        assertStillCompletes();
    }

    @Test
    void rejectsAnEmptyCarrier() {
        assertRejected(
                GradientChunk.newBuilder().setTaskId(TASK).build(),
                Reason.DTYPE,
                "chunk 0 of 0 for task r1/e2/k1/n4/i0: dtype DTYPE_UNSPECIFIED");
        assertStillCompletes();
    }

    @Test
    void ignoresIdenticalDuplicatesAndRejectsConflictingOnes() {
        assertEquals(ChunkAssembler.Arrival.NEW, assembler.accept(chunks.get(1)));
        assertEquals(ChunkAssembler.Arrival.DUPLICATE, assembler.accept(chunks.get(1)));
        assertEquals(1, assembler.duplicateCount());
        assertEquals(1, assembler.receivedCount());

        float[] other = values.clone();
        other[E + 7] += 1;
        GradientChunk conflicting =
                ChunkSplitter.of(other, DType.DTYPE_FP32).gradientChunks(TASK).get(1);
        assertRejected(
                conflicting,
                Reason.CONFLICTING_DUPLICATE,
                AT_CHUNK_1 + "a different copy of this chunk was received before");
        assertStillCompletes();
        assertEquals(2, assembler.duplicateCount(), "the second pass re-sent chunk 1");
    }

    @Test
    void rejectsNonFiniteValuesWhenRequiredNamingTheElement() {
        ChunkAssembler finite = ChunkAssembler.forGradient(TASK, 0).optRequireFinite(true);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] poisoned = values.clone();
            poisoned[E + 100] = bad;
            GradientChunk chunk = ChunkSplitter.of(poisoned, DType.DTYPE_FP32)
                    .gradientChunks(TASK)
                    .get(1);
            ChunkRejectedException e = assertThrows(ChunkRejectedException.class, () -> finite.accept(chunk));
            assertEquals(Reason.NOT_FINITE, e.reason());
            assertEquals(
                    AT_CHUNK_1 + "element 32868 (offset 32768 + 100) is " + bad + " but finite values are required",
                    e.getMessage());
            assertEquals(0, finite.receivedCount());
        }
        chunks.forEach(finite::accept);
        assertArrayEquals(values, finite.values());
    }

    @Test
    void valuesOfAnIncompleteTensorNameTheMissingChunks() {
        IllegalStateException e = assertThrows(IllegalStateException.class, assembler::values);
        assertEquals("task r1/e2/k1/n4/i0 is incomplete: no chunk received", e.getMessage());
        assembler.accept(chunks.get(1));
        assertArrayEquals(new int[] {0, 2}, assembler.missingIndices());
        e = assertThrows(IllegalStateException.class, assembler::values);
        assertEquals("task r1/e2/k1/n4/i0 is incomplete: missing 2 of 3 chunks, first [0, 2]", e.getMessage());
    }
}
