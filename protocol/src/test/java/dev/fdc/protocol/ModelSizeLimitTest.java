package dev.fdc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.ParameterChunk;
import dev.fdc.protocol.v1.ParameterVersion;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The first version's stated model-size limit (ARCHITECTURE.md "Wire protocol"): 100 M parameters
 * travel as parameter chunks of at most 128 KiB and reassemble exactly. Chunks are produced and
 * consumed one at a time, as a sender streams them, so only the two whole arrays are resident
 * (about 800 MB of the test JVM's 3 GB).
 */
class ModelSizeLimitTest {

    static final int LIMIT = 100_000_000;

    @Test
    void oneHundredMillionParametersRoundTripInChunks() {
        float[] values = new float[LIMIT];
        for (int i = 0; i < LIMIT; i++) {
            values[i] = (float) ((i * 2654435761L) % 1_000_003) * 1e-3f - 500f;
        }
        ParameterVersion version =
                ParameterVersion.newBuilder().setEpoch(1).setVersion(7).build();
        ChunkSplitter splitter = ChunkSplitter.of(values, DType.DTYPE_FP32);
        ChunkAssembler assembler =
                ChunkAssembler.forParameters(version, System.nanoTime()).optExpectedTotalElements(LIMIT);
        long maxBytes = 0;
        for (int i = splitter.count() - 1; i >= 0; i--) { // last to first: order must not matter
            ParameterChunk c = ParameterChunk.newBuilder()
                    .setVersion(version)
                    .setChunk(splitter.chunk(i))
                    .build();
            maxBytes = Math.max(maxBytes, c.getSerializedSize());
            assembler.accept(c);
        }
        assertTrue(assembler.isComplete());
        assertEquals(ChunkLayout.chunkCount(LIMIT, DType.DTYPE_FP32), splitter.count());
        assertTrue(
                maxBytes < 132 * 1024,
                "every chunk message stays under Artery's frame limit with room to spare: " + maxBytes);
        assertTrue(Arrays.equals(values, assembler.values()), "100 M parameters reassembled bit for bit");
    }
}
