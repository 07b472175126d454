package dev.fdc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fdc.protocol.v1.ContentChunk;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.ParameterChunk;
import dev.fdc.protocol.v1.ResultChunk;
import dev.fdc.protocol.v1.TensorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Split → serialize → parse → assemble, at every chunk boundary (0, 1, one chunk ± 1 element,
 * several chunks ± 1) for both dtypes; the canonical layout of every chunk is checked on the way.
 */
class ChunkRoundTripTest {

    /** Protobuf framing of a GradientChunk around its payload: ids, small ints, CRC, length prefixes. */
    private static final int MAX_ENVELOPE_BYTES = 256;

    static Stream<Arguments> boundaries() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : new DType[] {DType.DTYPE_FP32, DType.DTYPE_BF16}) {
            int e = TestTensors.perChunk(dtype);
            int[][] sizesAndCounts = {
                {0, 1}, {1, 1}, {e - 1, 1}, {e, 1}, {e + 1, 2}, {3 * e - 1, 3}, {3 * e, 3}, {3 * e + 1, 4},
            };
            for (int[] sc : sizesAndCounts) {
                cases.add(Arguments.of(dtype, sc[0], sc[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} elements -> {2} chunks")
    @MethodSource("boundaries")
    void roundTripsAtEveryChunkBoundary(DType dtype, int elements, int expectedChunks)
            throws InvalidProtocolBufferException {
        float[] values = TestTensors.random(elements, elements);
        ChunkSplitter splitter = ChunkSplitter.of(values, dtype);
        assertEquals(expectedChunks, splitter.count());

        List<GradientChunk> chunks = splitter.gradientChunks(TestTensors.TASK);
        assertEquals(expectedChunks, chunks.size());
        ChunkAssembler assembler =
                ChunkAssembler.forGradient(TestTensors.TASK, 0).optRequireFinite(true);
        int perChunk = TestTensors.perChunk(dtype);
        int width = TensorCodec.bytesPerElement(dtype);
        long covered = 0;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] wire = chunks.get(i).toByteArray();
            assertTrue(
                    wire.length <= ChunkLayout.MAX_CHUNK_BYTES + MAX_ENVELOPE_BYTES,
                    "chunk " + i + " is " + wire.length + " bytes on the wire");
            GradientChunk parsed = GradientChunk.parseFrom(wire);
            TensorChunk c = parsed.getChunk();
            assertEquals(i, c.getIndex());
            assertEquals(expectedChunks, c.getCount());
            assertEquals(dtype, c.getDtype());
            assertEquals(elements, c.getTotalElements());
            assertEquals(covered, c.getElementOffset(), "chunks are contiguous");
            int expectedElements = i < chunks.size() - 1 ? perChunk : elements - i * perChunk;
            assertEquals(expectedElements, c.getElementCount(), "elements in chunk " + i);
            assertEquals(expectedElements * width, c.getPayload().size());
            assertTrue(c.getPayload().size() <= ChunkSplitter.MAX_CHUNK_BYTES);
            covered += c.getElementCount();

            assertFalse(assembler.isComplete(), "complete before chunk " + i);
            assertEquals(ChunkAssembler.Arrival.NEW, assembler.accept(parsed));
        }
        assertEquals(elements, covered, "chunks cover the tensor");
        assertTrue(assembler.isComplete());
        assertEquals(0, assembler.missingIndices().length);
        assertArrayEquals(TestTensors.expectedAfter(values, dtype), assembler.values());
    }

    @Test
    void splitsASliceOfALargerArray() {
        int e = TestTensors.FP32_PER_CHUNK;
        float[] values = TestTensors.random(2 * e + 10, 11);
        ChunkSplitter splitter = ChunkSplitter.of(values, 5, e + 1, DType.DTYPE_FP32);
        assertEquals(2, splitter.count());
        assertEquals(e + 1, splitter.totalElements());
        ChunkAssembler assembler = ChunkAssembler.forParameters(TestTensors.VERSION, 0);
        for (ParameterChunk chunk : splitter.parameterChunks(TestTensors.VERSION)) {
            assembler.accept(chunk);
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(values, 5, 5 + e + 1), assembler.values());
    }

    @Test
    void everyCarrierRoundTripsThroughItsAssembler() throws InvalidProtocolBufferException {
        float[] values = TestTensors.random(TestTensors.BF16_PER_CHUNK + 3, 5);
        ChunkSplitter splitter = ChunkSplitter.of(values, DType.DTYPE_BF16);
        float[] expected = TestTensors.expectedAfter(values, DType.DTYPE_BF16);

        ChunkAssembler results = ChunkAssembler.forResult(TestTensors.TASK, "samples", 0);
        for (ResultChunk chunk : splitter.resultChunks(TestTensors.TASK, "samples")) {
            results.accept(ResultChunk.parseFrom(chunk.toByteArray()));
        }
        assertArrayEquals(expected, results.values());

        ChunkAssembler content = ChunkAssembler.forContent("critic-k3", 0);
        for (ContentChunk chunk : splitter.contentChunks("critic-k3")) {
            content.accept(ContentChunk.parseFrom(chunk.toByteArray()));
        }
        assertArrayEquals(expected, content.values());

        ChunkAssembler parameters = ChunkAssembler.forParameters(TestTensors.VERSION, 0);
        for (ParameterChunk chunk : splitter.parameterChunks(TestTensors.VERSION)) {
            parameters.accept(ParameterChunk.parseFrom(chunk.toByteArray()));
        }
        assertArrayEquals(expected, parameters.values());
    }

    @Test
    void chunksAreEncodedOnDemandAndEqualTheBulkList() {
        float[] values = TestTensors.random(2 * TestTensors.FP32_PER_CHUNK + 1, 13);
        ChunkSplitter splitter = ChunkSplitter.of(values, DType.DTYPE_FP32);
        List<TensorChunk> all = splitter.chunks();
        for (int i = 0; i < splitter.count(); i++) {
            assertEquals(all.get(i), splitter.chunk(i));
        }
    }

    @Test
    void fp32KeepsNonFiniteValuesUnlessFinitenessIsRequired() {
        float[] values = {1f, Float.NaN, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7FC00ABC)};
        ChunkAssembler assembler = ChunkAssembler.forGradient(TestTensors.TASK, 0);
        assembler.accept(ChunkSplitter.of(values, DType.DTYPE_FP32)
                .gradientChunks(TestTensors.TASK)
                .get(0));
        float[] back = assembler.values();
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        }
    }

    @Test
    void chunkLayoutArithmetic() {
        assertEquals(32768, ChunkLayout.elementsPerChunk(DType.DTYPE_FP32));
        assertEquals(65536, ChunkLayout.elementsPerChunk(DType.DTYPE_BF16));
        assertEquals(1, ChunkLayout.chunkCount(0, DType.DTYPE_FP32));
        assertEquals(3052, ChunkLayout.chunkCount(100_000_000, DType.DTYPE_FP32), "the 100 M model limit");
        assertEquals(1526, ChunkLayout.chunkCount(100_000_000, DType.DTYPE_BF16));
        assertEquals(100_000_000 - 3051L * 32768, ChunkLayout.elementCount(3051, 100_000_000, DType.DTYPE_FP32));
        assertEquals(0, ChunkLayout.elementCount(0, 0, DType.DTYPE_BF16));
    }
}
