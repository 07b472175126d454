package dev.fdc.gpu.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The VP schedule and DDPM table against the fixtures' table (fixtures/README.md), 1e-5 relative
 * (1e-4 for t ≥ 0.975, where the reference float32 values lose digits), and the linear schedule's
 * closed forms. These need no fixture files: the numbers are in the README.
 */
class ScheduleFixtureTest {

    // t, α_t, κ_t = η_t, σ(t), i, σ_i
    static final double[][] ROWS = {
        {0, 0.04855782911, 5.999999046, 3.464101315, 999, 0.9988487959},
        {0.25, 0.1806963086, 4.512499809, 3.004163504, 749, 0.9836913347},
        {0.5, 0.4635922313, 3.024999857, 2.459674835, 500, 0.886977613},
        {0.9, 0.9658468366, 0.6450001597, 1.135781765, 100, 0.2605236769},
        {0.975, 0.9968954921, 0.1987498552, 0.6304757595, 25, 0.08032078296},
        {0.995, 0.9996756911, 0.07974996418, 0.3993744254, 5, 0.02790047787},
    };

    private static void assertRel(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, Math.abs(expected) * rel, what);
    }

    @Test
    void vpScheduleMatchesTable() {
        VpSchedule vp = VpSchedule.DEFAULT;
        DdpmTable table = new DdpmTable(vp);
        for (double[] r : ROWS) {
            double t = r[0];
            double rel = t >= 0.975 ? 1e-4 : 1e-5;
            assertRel(r[1], vp.alpha(t), rel, "α at t = " + t);
            assertRel(r[2], vp.kappa(t), rel, "κ at t = " + t);
            assertRel(r[2], vp.eta(t), rel, "η at t = " + t);
            assertRel(r[3], vp.sigma(t), rel, "σ at t = " + t);
            assertEquals((int) r[4], DdpmTable.index(t), "table index at t = " + t);
            assertRel(r[5], table.sigmaAt(t), rel, "σ_i at t = " + t);
        }
    }

    @Test
    void ddpmTableSpotChecks() {
        DdpmTable table = new DdpmTable(VpSchedule.DEFAULT);
        assertRel(0.9998999834, table.alphaBar(0), 1e-7, "ᾱ_0");
        assertRel(0.2132706344, table.alphaBar(500), 1e-6, "ᾱ_500");
        assertRel(0.002301118104, table.alphaBar(999), 1e-5, "ᾱ_999");
    }

    @Test
    void indexRoundsHalfToEvenAndClamps() {
        // τ · 999 = 0.5 exactly when τ = 0.5/999; float32 rounding decides, so test clean cases.
        assertEquals(0, DdpmTable.index(1.0));
        assertEquals(999, DdpmTable.index(0.0));
        assertEquals(999, DdpmTable.index(-0.5));
        assertEquals(0, DdpmTable.index(1.5));
        assertEquals(Math.rint(0.25f * 999f), DdpmTable.index(0.75));
    }

    @Test
    void linearScheduleClosedForms() {
        LinearSchedule s = LinearSchedule.INSTANCE;
        for (double t : new double[] {0.1, 0.37, 0.5, 0.9}) {
            assertEquals(1 / t, s.kappa(t), 1e-12);
            assertEquals((1 - t) / t, s.eta(t), 1e-12);
            assertEquals(Math.sqrt(2 * (1 - t) / t), s.sigma(t), 1e-12);
            // η_t = β_t (κ_t β_t − β̇_t) with β̇ = −1
            assertEquals(s.beta(t) * (s.kappa(t) * s.beta(t) + 1), s.eta(t), 1e-12);
        }
        double h = 0.025;
        assertEquals(1 / h, s.driftKappa(0, h), 1e-12);
        assertEquals(Math.sqrt(2 * (1 + h) / h), s.noiseSigma(0, h), 1e-12);
    }

    @Test
    void vpKappaIsLogDerivativeOfAlpha() {
        VpSchedule vp = VpSchedule.DEFAULT;
        for (double t : new double[] {0.1, 0.5, 0.8}) {
            double e = 1e-6;
            double numeric = (Math.log(vp.alpha(t + e)) - Math.log(vp.alpha(t - e))) / (2 * e);
            assertEquals(numeric, vp.kappa(t), 1e-6, "κ = d log α / dt at t = " + t);
        }
    }
}
