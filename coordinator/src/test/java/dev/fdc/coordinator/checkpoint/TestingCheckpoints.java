package dev.fdc.coordinator.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Sample states with awkward values, and bit-exact comparison. */
final class TestingCheckpoints {

    private TestingCheckpoints() {}

    /** A state at the given position whose arrays hold NaN payloads, -0.0, subnormals, infinities. */
    static CheckpointState sample(long epoch, int k, int n, long version) {
        return sample(epoch, k, n, version, 64);
    }

    static CheckpointState sample(long epoch, int k, int n, long version, int size) {
        SplittableRandom random = new SplittableRandom(epoch * 1_000_003 + version);
        float[] params = awkward(random, size);
        float[] base = awkward(random, size);
        float[] m = awkward(random, size);
        float[] v = awkward(random, size);
        Map<String, Double> lr = new LinkedHashMap<>();
        lr.put("warmupLeft", 3.0);
        lr.put("lr", 1e-4);
        Map<String, double[]> stats = new LinkedHashMap<>();
        stats.put("quantiles", new double[] {-0.0, Double.longBitsToDouble(0x7ff8000000000abcL), 1.5});
        stats.put("empty", new double[0]);
        return CheckpointState.builder()
                .setRunId("run-" + epoch)
                .setPosition(epoch, k, n, version)
                .setParameters(params)
                .setBase(base)
                .setOptimizer(new OptimizerState(m, v, version * 7, lr))
                .optLedgerCounters(Map.of("applied", version, "issued", 2 * version))
                .optRngCounters(Map.of("am", Long.MAX_VALUE, "stats", -1L))
                .optStatistics(stats)
                .optScheduleState(Map.of("eta", 0.25, "nan", Double.NaN))
                .optLossClipThreshold(123.456)
                .optMetadata(Map.of("config", "lr = 1e-4 — ünïcödé", "build", ""))
                .build();
    }

    private static float[] awkward(SplittableRandom random, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) random.nextGaussian();
        }
        if (size >= 6) {
            a[0] = Float.intBitsToFloat(0x7fc00123); // NaN with a payload
            a[1] = -0.0f;
            a[2] = Float.MIN_VALUE;
            a[3] = Float.NEGATIVE_INFINITY;
            a[4] = Float.MAX_VALUE;
            a[5] = Float.intBitsToFloat(0xffa00001); // signalling-pattern NaN, negative sign
        }
        return a;
    }

    /** Asserts every field equal, floats and doubles compared by raw bits. */
    static void assertBitIdentical(CheckpointState expected, CheckpointState actual) {
        assertEquals(expected.runId(), actual.runId());
        assertEquals(expected.key(), actual.key());
        assertArrayEquals(rawBits(expected.parameters()), rawBits(actual.parameters()), "parameters");
        assertArrayEquals(rawBits(expected.base()), rawBits(actual.base()), "base");
        assertArrayEquals(
                rawBits(expected.optimizer().m()), rawBits(actual.optimizer().m()), "m");
        assertArrayEquals(
                rawBits(expected.optimizer().v()), rawBits(actual.optimizer().v()), "v");
        assertEquals(expected.optimizer().step(), actual.optimizer().step());
        assertEquals(
                rawBits(expected.optimizer().learningRateSchedule()),
                rawBits(actual.optimizer().learningRateSchedule()));
        assertEquals(expected.ledgerCounters(), actual.ledgerCounters());
        assertEquals(expected.rngCounters(), actual.rngCounters());
        assertEquals(expected.statistics().keySet(), actual.statistics().keySet());
        for (String key : expected.statistics().keySet()) {
            assertArrayEquals(
                    rawBits(expected.statistics().get(key)),
                    rawBits(actual.statistics().get(key)),
                    "statistics " + key);
        }
        assertEquals(rawBits(expected.scheduleState()), rawBits(actual.scheduleState()));
        assertEquals(
                Double.doubleToRawLongBits(expected.lossClipThreshold()),
                Double.doubleToRawLongBits(actual.lossClipThreshold()));
        assertEquals(expected.metadata(), actual.metadata());
    }

    private static int[] rawBits(float[] a) {
        int[] bits = new int[a.length];
        Arrays.setAll(bits, i -> Float.floatToRawIntBits(a[i]));
        return bits;
    }

    private static long[] rawBits(double[] a) {
        long[] bits = new long[a.length];
        Arrays.setAll(bits, i -> Double.doubleToRawLongBits(a[i]));
        return bits;
    }

    private static Map<String, Long> rawBits(Map<String, Double> map) {
        Map<String, Long> bits = new LinkedHashMap<>();
        map.forEach((k, v) -> bits.put(k, Double.doubleToRawLongBits(v)));
        return bits;
    }
}
