package dev.fdc.coordinator.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
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
        Map<String, float[]> contents = new LinkedHashMap<>();
        contents.put("samples/k1", awkward(random, 12));
        contents.put("empty", new float[0]);
        LinearizedReward reward = LinearizedReward.newBuilder()
                .setScale(0.5)
                .addTerms(LinearizedTerm.newBuilder().setLabel("ünïcödé term").setWeight(-0.0))
                .build();
        return CheckpointState.builder()
                .setRunId("run-" + epoch)
                .setPosition(epoch, k, n, version)
                .setParameters(params)
                .setBase(Math.max(0, version - 1), base)
                .setOptimizer(new OptimizerState(m, v, version * 7))
                .optReward(reward, Double.longBitsToDouble(0x7ff8000000000abcL))
                .optLastControlCost(-0.0)
                .optCriticNoiseFloor(Double.MIN_VALUE)
                .optLossClipState(new double[] {123.456, Double.NaN})
                .optLedgerCounters(Map.of(LedgerCounter.APPLIED, version, LedgerCounter.ISSUED, 2 * version))
                .optContents(contents)
                .optScheduleState(Map.of("eta", 0.25, "nan", Double.NaN))
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
        assertEquals(expected.baseVersion(), actual.baseVersion());
        assertArrayEquals(rawBits(expected.parameters()), rawBits(actual.parameters()), "parameters");
        assertArrayEquals(rawBits(expected.base()), rawBits(actual.base()), "base");
        assertArrayEquals(
                rawBits(expected.optimizer().m()), rawBits(actual.optimizer().m()), "m");
        assertArrayEquals(
                rawBits(expected.optimizer().v()), rawBits(actual.optimizer().v()), "v");
        assertEquals(expected.optimizer().step(), actual.optimizer().step());
        assertEquals(expected.reward(), actual.reward());
        assertEquals(Double.doubleToRawLongBits(expected.eta()), Double.doubleToRawLongBits(actual.eta()));
        assertEquals(
                Double.doubleToRawLongBits(expected.lastControlCost()),
                Double.doubleToRawLongBits(actual.lastControlCost()));
        assertEquals(
                Double.doubleToRawLongBits(expected.criticNoiseFloor()),
                Double.doubleToRawLongBits(actual.criticNoiseFloor()));
        assertArrayEquals(rawBits(expected.lossClipState()), rawBits(actual.lossClipState()), "loss clip");
        assertEquals(expected.ledgerCounters(), actual.ledgerCounters());
        assertEquals(expected.contents().keySet(), actual.contents().keySet());
        for (String key : expected.contents().keySet()) {
            assertArrayEquals(
                    rawBits(expected.contents().get(key)),
                    rawBits(actual.contents().get(key)),
                    "content " + key);
        }
        assertEquals(rawBits(expected.scheduleState()), rawBits(actual.scheduleState()));
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
