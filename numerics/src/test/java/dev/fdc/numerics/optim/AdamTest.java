package dev.fdc.numerics.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamTest {

    /**
     * Step 1 of Adam with bias correction moves every parameter by lr·sign(g) (up to ε): m̂ = g,
     * v̂ = g². Step 2 with the same gradient again gives exactly lr·g/(|g| + ε).
     */
    @Test
    void firstStepsHaveTheClosedForm() {
        Adam adam = Adam.standard(3);
        float[] p = {1f, -2f, 0.5f};
        float[] g = {0.3f, -4f, 1e-3f};
        adam.step(p, g, 0.1);
        assertArrayEquals(new float[] {0.9f, -1.9f, 0.4f}, p, 1e-5f);
        adam.step(p, g, 0.1);
        assertArrayEquals(new float[] {0.8f, -1.8f, 0.3f}, p, 1e-5f);
        assertEquals(2, adam.stepCount());
    }

    @Test
    void exportedStateContinuesBitForBit() {
        Adam a = Adam.standard(4);
        float[] pa = {1, 2, 3, 4};
        float[][] grads = {{0.1f, -0.2f, 0.3f, 0f}, {0.5f, 0.5f, -1f, 2f}, {-0.3f, 0.2f, 0.1f, -0.1f}};
        a.step(pa, grads[0], 0.01);
        AdamState snapshot = a.exportState();
        float[] pb = pa.clone();
        a.step(pa, grads[1], 0.01);
        a.step(pa, grads[2], 0.01);
        Adam b = Adam.standard(4);
        b.importState(snapshot);
        b.step(pb, grads[1], 0.01);
        b.step(pb, grads[2], 0.01);
        assertArrayEquals(pa, pb);
        assertEquals(a.stepCount(), b.stepCount());
    }

    @Test
    void resetStartsANewProblem() {
        Adam a = Adam.standard(1);
        float[] p = {0};
        a.step(p, new float[] {1}, 0.1);
        a.reset();
        assertEquals(0, a.stepCount());
        assertArrayEquals(new float[] {0}, a.exportState().firstMoment());
    }

    @Test
    void clippingScalesToTheMaximumNorm() {
        float[] g = {3, 4};
        assertEquals(5.0, GradientClipping.clip(g, 1.0), 1e-12);
        assertArrayEquals(new float[] {0.6f, 0.8f}, g, 1e-7f);
        float[] small = {0.3f, 0.4f};
        GradientClipping.clip(small, 1.0);
        assertArrayEquals(new float[] {0.3f, 0.4f}, small);
        assertFalse(GradientClipping.allFinite(new float[] {1, Float.NaN}));
    }

    @Test
    void mismatchedSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Adam.standard(2).step(new float[3], new float[3], 0.1));
    }
}
