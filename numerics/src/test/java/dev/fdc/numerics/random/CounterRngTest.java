package dev.fdc.numerics.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CounterRngTest {

    /** Known-answer vectors of Random123's kat_vectors for philox4x32_10. */
    @Test
    void philoxKnownAnswers() {
        assertArrayEquals(
                new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                CounterRng.philox4x32(new int[] {0, 0, 0, 0}, new int[] {0, 0}));
        assertArrayEquals(
                new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                CounterRng.philox4x32(new int[] {-1, -1, -1, -1}, new int[] {-1, -1}));
        assertArrayEquals(
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                CounterRng.philox4x32(
                        new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                        new int[] {0xa4093822, 0x299f31d0}));
    }

    @Test
    void streamsArePureFunctionsOfTheirKey() {
        double[] a = new double[100];
        double[] b = new double[100];
        CounterRng.of(7, Purpose.SDE_NOISE, 1, 2, 3).fillGaussian(a);
        CounterRng.of(7, Purpose.SDE_NOISE, 1, 2, 3).fillGaussian(b);
        assertArrayEquals(a, b);
        CounterRng.of(7, Purpose.SDE_NOISE, 1, 2, 4).fillGaussian(b);
        assertNotEquals(a[0], b[0]);
        CounterRng.of(7, Purpose.INITIAL_NOISE, 1, 2, 3).fillGaussian(b);
        assertNotEquals(a[0], b[0]);
        CounterRng.of(8, Purpose.SDE_NOISE, 1, 2, 3).fillGaussian(b);
        assertNotEquals(a[0], b[0]);
    }

    /**
     * Moments of 200,000 normals: the mean's standard error is 1/√n ≈ 0.0022, the variance's
     * √(2/n) ≈ 0.0032; 5 standard errors keep a false failure below 1e-6. The fourth moment (3)
     * catches a broken Box–Muller.
     */
    @Test
    void gaussianMoments() {
        int n = 200_000;
        double[] x = new double[n];
        CounterRng.of(1, Purpose.TEST).fillGaussian(x);
        double m1 = 0;
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            m1 += v;
            m2 += v * v;
            m4 += v * v * v * v;
        }
        m1 /= n;
        m2 /= n;
        m4 /= n;
        assertEquals(0, m1, 5 / Math.sqrt(n));
        assertEquals(1, m2, 5 * Math.sqrt(2.0 / n));
        assertEquals(3, m4, 5 * Math.sqrt(96.0 / n));
    }

    @Test
    void chooseIsSortedDistinctAndUniform() {
        int[] counts = new int[10];
        CounterRng r = CounterRng.of(3, Purpose.TEST);
        for (int trial = 0; trial < 20_000; trial++) {
            int[] c = r.choose(10, 3);
            for (int i = 1; i < c.length; i++) {
                assertTrue(c[i] > c[i - 1]);
            }
            for (int v : c) {
                counts[v]++;
            }
        }
        // each index is chosen with probability 0.3: expected 6000, sd √(20000·0.3·0.7) ≈ 65
        for (int c : counts) {
            assertEquals(6000, c, 5 * 65);
        }
    }

    @Test
    void childrenDiffer() {
        CounterRng p = CounterRng.of(1, Purpose.TEST);
        assertNotEquals(p.child(0).nextInt(), p.child(1).nextInt());
        assertEquals(
                p.child(5).nextInt(), CounterRng.of(1, Purpose.TEST).child(5).nextInt());
    }
}
