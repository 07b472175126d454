package dev.fdc.gpu.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.api.Test;

class TimeSubsetTest {

    @Test
    void alwaysContainsTheLastQuarterAndDistinctEarlierIndices() {
        for (int trial = 0; trial < 200; trial++) {
            int[] s = TimeSubset.draw(40, 10, 10, CounterRng.of(trial, Purpose.TIME_SUBSET));
            assertEquals(20, s.length);
            for (int i = 0; i < 10; i++) {
                assertTrue(s[i] < 30, "random part from the first 30 indices");
                assertEquals(30 + i, s[10 + i], "last quarter always present");
                if (i > 0) {
                    assertTrue(s[i] > s[i - 1], "distinct and sorted");
                }
            }
        }
        assertEquals(10, TimeSubset.defaultPart(40));
        assertEquals(1, TimeSubset.defaultPart(3));
        assertThrows(
                IllegalArgumentException.class, () -> TimeSubset.draw(10, 8, 5, CounterRng.of(1, Purpose.TIME_SUBSET)));
    }
}
