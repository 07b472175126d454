package dev.fdc.numerics.optim;

import java.util.Arrays;

/**
 * The per-sample loss-clipping threshold (MATH.md §3, step 5): an exponential moving average of
 * the 90th percentile of per-sample losses. It is run state: whoever applies gradients updates it
 * in task-id order from the losses workers report, sends it with each task and checkpoints it.
 * Before the first update the threshold is +∞ (nothing is clipped).
 */
public final class LossClipping {

    /** The percentile tracked. */
    public static final double PERCENTILE = 0.9;

    private final double decay;
    private final double multiplier;
    private double ema = Double.NaN;

    /**
     * @param decay EMA weight of the old value, in [0, 1)
     * @param multiplier the threshold is multiplier × EMA (≥ 1; 1 drops the top decile at steady state)
     */
    public LossClipping(double decay, double multiplier) {
        if (!(decay >= 0 && decay < 1) || !(multiplier >= 1)) {
            throw new IllegalArgumentException(
                    "loss clipping needs 0 ≤ decay < 1 and multiplier ≥ 1; got " + decay + ", " + multiplier);
        }
        this.decay = decay;
        this.multiplier = multiplier;
    }

    /** The current threshold (+∞ before the first update). */
    public double threshold() {
        return Double.isNaN(ema) ? Double.POSITIVE_INFINITY : multiplier * ema;
    }

    /** Folds one computation's per-sample losses in. */
    public void update(float[] perSampleLoss) {
        if (perSampleLoss.length == 0) {
            return;
        }
        double p = percentile(perSampleLoss, PERCENTILE);
        if (!Double.isFinite(p)) {
            return;
        }
        ema = Double.isNaN(ema) ? p : decay * ema + (1 - decay) * p;
    }

    /** The state for checkpoints: {EMA} (NaN before the first update). */
    public double[] exportState() {
        return new double[] {ema};
    }

    /**
     * Restores a state from {@link #exportState()}; an empty state is the initial one.
     *
     * @throws IllegalArgumentException if the state has another length
     */
    public void importState(double[] state) {
        if (state.length == 0) {
            ema = Double.NaN;
            return;
        }
        if (state.length != 1) {
            throw new IllegalArgumentException("loss-clipping state has " + state.length + " values, expected 1");
        }
        ema = state[0];
    }

    /** The q-quantile by linear interpolation between order statistics (numpy's default). */
    public static double percentile(float[] values, double q) {
        float[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
