package dev.fdc.coordinator.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fdc.coordinator.statistics.Quantiles.TailEstimate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quantile definition (inverse empirical CDF) and tail means on small exact samples. */
class QuantilesTest {

    private static final double[] TEN = {9, 1, 8, 2, 7, 3, 6, 4, 5, 10};

    @Test
    void quantileIsTheCeilBetaNthOrderStatistic() {
        Quantiles q = Quantiles.of(TEN);
        assertEquals(1, q.quantile(0.1)); // ⌈1⌉ = 1st
        assertEquals(2, q.quantile(0.11)); // ⌈1.1⌉ = 2nd
        assertEquals(7, q.quantile(0.7)); // 0.7·10 = 7.000000000000001 in binary: still the 7th
        assertEquals(10, q.quantile(0.99));
    }

    @Test
    void tailMeansAndCountsAreExact() {
        Quantiles q = Quantiles.of(TEN);
        TailEstimate low = q.cvar(0.3);
        assertEquals(3, low.quantile());
        assertEquals(2.0, low.mean(), 0.0); // (1+2+3)/3
        assertEquals(3, low.tailCount());
        TailEstimate high = q.superquantile(0.8);
        assertEquals(8, high.quantile());
        assertEquals(9.0, high.mean(), 0.0); // (8+9+10)/3
        assertEquals(3, high.tailCount());
        assertEquals(10, high.sampleCount());
    }

    @Test
    void tiesAtTheQuantileAreInBothTails() {
        Quantiles q = Quantiles.of(new double[] {1, 2, 2, 2, 3});
        assertEquals(2, q.quantile(0.4));
        assertEquals(4, q.cvar(0.4).tailCount());
        assertEquals(4, q.superquantile(0.4).tailCount());
        assertEquals(7.0 / 4, q.cvar(0.4).mean(), 1e-15);
    }

    @Test
    void pooledQuantileIsNotTheAverageOfPerWorkerQuantiles() {
        double[] a = {0, 1, 2, 3};
        double[] b = {10, 11, 12, 13};
        double[] pooled = Quantiles.pooled(List.of(a, b));
        assertArrayEquals(new double[] {0, 1, 2, 3, 10, 11, 12, 13}, pooled, 0.0);
        double pooledMedian = Quantiles.of(pooled).quantile(0.5);
        double averaged = 0.5 * (Quantiles.of(a).quantile(0.5) + Quantiles.of(b).quantile(0.5));
        assertEquals(3, pooledMedian);
        assertNotEquals(averaged, pooledMedian);
    }

    @Test
    void rejectsBadLevelsAndSamples() {
        Quantiles q = Quantiles.of(TEN);
        assertThrows(IllegalArgumentException.class, () -> q.quantile(0));
        assertThrows(IllegalArgumentException.class, () -> q.quantile(1));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.of(new double[] {1, Double.NaN}));
    }

    @Test
    void doesNotAliasTheInput() {
        double[] r = {3, 1, 2};
        Quantiles q = Quantiles.of(r);
        r[0] = -100;
        assertEquals(1, q.quantile(0.2));
        assertArrayEquals(new double[] {-100, 1, 2}, r, 0.0);
    }
}
