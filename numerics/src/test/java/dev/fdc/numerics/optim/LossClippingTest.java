package dev.fdc.numerics.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LossClippingTest {

    @Test
    void percentileInterpolatesLikeNumpy() {
        float[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(9.1, LossClipping.percentile(v, 0.9), 1e-6); // numpy.percentile(1..10, 90) = 9.1
        assertEquals(5.5, LossClipping.percentile(v, 0.5), 1e-6);
    }

    @Test
    void thresholdIsAnEmaOfThe90thPercentile() {
        LossClipping c = new LossClipping(0.5, 2.0);
        assertEquals(Double.POSITIVE_INFINITY, c.threshold());
        c.update(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertEquals(2 * 9.1, c.threshold(), 1e-5);
        c.update(new float[] {11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        assertEquals(2 * (0.5 * 9.1 + 0.5 * 19.1), c.threshold(), 1e-5);
        LossClipping copy = new LossClipping(0.5, 2.0);
        copy.importState(c.exportState());
        assertEquals(c.threshold(), copy.threshold(), 0.0, "a checkpointed state restores the threshold exactly");
        copy.importState(new double[] {3.0});
        assertEquals(6.0, copy.threshold(), 1e-12);
        copy.importState(new double[0]);
        assertEquals(Double.POSITIVE_INFINITY, copy.threshold(), "the empty state is the initial one");
    }
}
