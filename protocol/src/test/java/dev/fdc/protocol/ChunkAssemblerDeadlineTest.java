package dev.fdc.protocol;

import static dev.fdc.protocol.TestTensors.TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientChunk;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunk sets that never complete are detectable by their owner's clock; the assembler has none. */
class ChunkAssemblerDeadlineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<GradientChunk> chunks = ChunkSplitter.of(
                    TestTensors.random(TestTensors.FP32_PER_CHUNK + 1, 9), DType.DTYPE_FP32)
            .gradientChunks(TASK);

    @Test
    void anIncompleteAssemblerExpiresExactlyAtTheTimeout() {
        long created = -5_000_000_000L; // System.nanoTime() may be negative
        ChunkAssembler assembler = ChunkAssembler.forGradient(TASK, created);
        assertEquals(created, assembler.createdAtNanos());
        assertFalse(assembler.isExpired(created, TIMEOUT));
        assembler.accept(chunks.get(0));
        assertFalse(assembler.isExpired(created + TIMEOUT.toNanos() - 1, TIMEOUT));
        assertTrue(assembler.isExpired(created + TIMEOUT.toNanos(), TIMEOUT));
        assertTrue(assembler.isExpired(created + 10 * TIMEOUT.toNanos(), TIMEOUT));
    }

    @Test
    void aCompleteAssemblerNeverExpires() {
        ChunkAssembler assembler = ChunkAssembler.forGradient(TASK, 0);
        chunks.forEach(assembler::accept);
        assertTrue(assembler.isComplete());
        assertFalse(assembler.isExpired(10 * TIMEOUT.toNanos(), TIMEOUT));
    }

    @Test
    void expiryWorksAcrossTheNanoTimeWrap() {
        long created = Long.MAX_VALUE - 10;
        ChunkAssembler assembler = ChunkAssembler.forGradient(TASK, created);
        assertFalse(assembler.isExpired(created + 5, Duration.ofNanos(20)), "5 ns after creation, across the wrap");
        assertTrue(assembler.isExpired(created + 25, Duration.ofNanos(20)), "25 ns after creation, across the wrap");
    }
}
