package dev.fdc.protocol;

import static dev.fdc.protocol.TestTensors.TASK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientChunk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chunks arriving out of order: every permutation for small counts, and random orders with
 * redelivered duplicates for a large count. The random cases print their seed; rerun one with
 * {@code -Dfdc.test.seed=<seed>}.
 */
class ChunkAssemblerOrderingTest {

    @ParameterizedTest(name = "{0}: {1} chunks, every order")
    @CsvSource({"DTYPE_FP32, 1", "DTYPE_FP32, 2", "DTYPE_FP32, 3", "DTYPE_FP32, 4", "DTYPE_FP32, 5", "DTYPE_BF16, 4"})
    void completesInEveryOrder(DType dtype, int count) {
        float[] values = TestTensors.random((count - 1) * TestTensors.perChunk(dtype) + 3, count);
        float[] expected = TestTensors.expectedAfter(values, dtype);
        List<GradientChunk> chunks = ChunkSplitter.of(values, dtype).gradientChunks(TASK);
        assertEquals(count, chunks.size());
        List<List<Integer>> orders = permutations(count);
        assertEquals(factorial(count), orders.size());
        for (List<Integer> order : orders) {
            ChunkAssembler assembler = ChunkAssembler.forGradient(TASK, 0);
            for (int i = 0; i < count; i++) {
                assertFalse(assembler.isComplete(), "order " + order + " complete after " + i + " chunks");
                assertEquals(ChunkAssembler.Arrival.NEW, assembler.accept(chunks.get(order.get(i))));
            }
            assertTrue(assembler.isComplete(), "order " + order);
            assertArrayEquals(expected, assembler.values(), "order " + order);
        }
    }

    @Test
    void completesUnderRandomOrdersWithRedelivery() {
        long seed = Long.getLong("fdc.test.seed", System.nanoTime());
        System.out.println("ChunkAssemblerOrderingTest.completesUnderRandomOrdersWithRedelivery seed=" + seed
                + " (rerun with -Dfdc.test.seed=" + seed + ")");
        Random random = new Random(seed);
        int count = 37;
        float[] values = TestTensors.random((count - 1) * TestTensors.BF16_PER_CHUNK + 123, seed);
        float[] expected = TestTensors.expectedAfter(values, DType.DTYPE_BF16);
        List<GradientChunk> chunks = ChunkSplitter.of(values, DType.DTYPE_BF16).gradientChunks(TASK);
        assertEquals(count, chunks.size(), "seed " + seed);
        for (int round = 0; round < 10; round++) {
            // At-least-once delivery: every chunk one to three times, all shuffled together.
            List<Integer> deliveries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int copies = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
                for (int c = 0; c < copies; c++) {
                    deliveries.add(i);
                }
            }
            Collections.shuffle(deliveries, random);
            ChunkAssembler assembler = ChunkAssembler.forGradient(TASK, 0);
            boolean[] seen = new boolean[count];
            int distinct = 0;
            for (int index : deliveries) {
                ChunkAssembler.Arrival arrival = assembler.accept(chunks.get(index));
                assertEquals(
                        seen[index] ? ChunkAssembler.Arrival.DUPLICATE : ChunkAssembler.Arrival.NEW,
                        arrival,
                        "seed " + seed + ", round " + round + ", chunk " + index);
                if (!seen[index]) {
                    seen[index] = true;
                    distinct++;
                }
                assertEquals(distinct == count, assembler.isComplete(), "seed " + seed + ", round " + round);
            }
            assertEquals(deliveries.size() - count, assembler.duplicateCount(), "seed " + seed);
            assertArrayEquals(expected, assembler.values(), "seed " + seed + ", round " + round);
        }
    }

    private static List<List<Integer>> permutations(int n) {
        List<List<Integer>> out = new ArrayList<>();
        permute(new ArrayList<>(), new boolean[n], out);
        return out;
    }

    private static void permute(List<Integer> prefix, boolean[] used, List<List<Integer>> out) {
        if (prefix.size() == used.length) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                used[i] = true;
                prefix.add(i);
                permute(prefix, used, out);
                prefix.remove(prefix.size() - 1);
                used[i] = false;
            }
        }
    }

    private static int factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }
}
