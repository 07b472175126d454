package dev.fdc.coordinator.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedule values, the trust-region update and clamping, and state export/import. */
class StepSizeScheduleTest {

    @Test
    void constantAndPower() {
        assertEquals(2.5, new ConstantSchedule(2.5).eta(7), 0.0);
        PowerSchedule p = new PowerSchedule(2.0, 0.75);
        assertEquals(2.0, p.eta(1), 0.0);
        assertEquals(2.0 * Math.pow(16, 0.75), p.eta(16), 1e-12); // = 16
        assertThrows(IllegalArgumentException.class, () -> new PowerSchedule(1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new PowerSchedule(1, 1.01));
        assertThrows(IllegalArgumentException.class, () -> p.eta(0));
        assertTrue(p.exportState().isEmpty());
    }

    @Test
    void trustRegionMovesEtaBySqrtOfTheCostRatio() {
        TrustRegionSchedule t = new TrustRegionSchedule(1.0, 0.1, 2.0, 1e-3, 1e3);
        assertEquals(1.0, t.eta(1), 0.0);
        t.recordControlCost(1, 0.225); // √(0.225/0.1) = 1.5: step too big, raise η
        assertEquals(1.5, t.eta(2), 1e-15);
        t.recordControlCost(2, 0.1 / 1.96); // √(1/1.96) = 1/1.4: step too small, lower η
        assertEquals(1.5 / 1.4, t.eta(3), 1e-15);
        t.recordControlCost(3, 0.1); // on target: unchanged
        assertEquals(1.5 / 1.4, t.eta(4), 1e-15);
    }

    @Test
    void trustRegionClampsTheFactorAndTheRange() {
        TrustRegionSchedule t = new TrustRegionSchedule(1.0, 0.1, 2.0, 0.3, 3.0);
        t.recordControlCost(1, 100); // factor √1000 clamped to 2
        assertEquals(2.0, t.eta(2), 0.0);
        t.recordControlCost(2, 100); // 4 clamped to eta-max 3
        assertEquals(3.0, t.eta(3), 0.0);
        t.recordControlCost(3, 0); // nothing moved: factor clamped to 1/2
        assertEquals(1.5, t.eta(4), 0.0);
        t.recordControlCost(4, 0); // 0.75
        t.recordControlCost(5, 0); // 0.375
        assertEquals(0.375, t.eta(6), 0.0);
        t.recordControlCost(6, 0); // 0.1875 clamped to eta-min 0.3
        assertEquals(0.3, t.eta(7), 0.0);
        assertThrows(IllegalArgumentException.class, () -> t.recordControlCost(7, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> t.recordControlCost(7, -1));
    }

    @Test
    void trustRegionStepsMustComeInOrder() {
        TrustRegionSchedule t = new TrustRegionSchedule(1.0, 0.1, 2.0, 1e-3, 1e3);
        assertThrows(IllegalStateException.class, () -> t.eta(2));
        assertThrows(IllegalStateException.class, () -> t.recordControlCost(2, 0.1));
    }

    @Test
    void trustRegionStateRoundTripsThroughAMap() {
        TrustRegionSchedule a = new TrustRegionSchedule(1.0, 0.1, 2.0, 1e-3, 1e3);
        a.recordControlCost(1, 0.3);
        a.recordControlCost(2, 0.05);
        Map<String, Double> state = a.exportState();
        assertEquals(Map.of("eta", a.eta(3), "steps", 2.0), state);
        TrustRegionSchedule b = new TrustRegionSchedule(1.0, 0.1, 2.0, 1e-3, 1e3);
        b.importState(state);
        assertEquals(a.eta(3), b.eta(3), 0.0);
        a.recordControlCost(3, 0.7);
        b.recordControlCost(3, 0.7);
        assertEquals(a.eta(4), b.eta(4), 0.0);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> b.importState(Map.of("eta", 1.0)));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.importState(Map.of("eta", 1e9, "steps", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> b.importState(Map.of("eta", 1.0, "steps", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(1).importState(Map.of("eta", 1.0)));
    }
}
