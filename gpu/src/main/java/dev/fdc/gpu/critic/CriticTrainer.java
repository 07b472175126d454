package dev.fdc.gpu.critic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.Scalars;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.numerics.linalg.GaussJordan;
import dev.fdc.numerics.optim.Adam;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;

/**
 * Trains a Wasserstein-1 critic φ between samples of p = p_{k−1} and of p_pre (MATH.md §5): with
 * ground metric ‖A(x − y)‖, W1(p, p_pre) = sup_{‖A^{−T}∇φ‖ ≤ 1} E_p φ − E_pre φ, relaxed to
 *
 * <pre>  maximize  E_p φ − E_pre φ − λ E_x̂[max(0, ‖A^{−T}∇φ(x̂)‖ − 1)²]</pre>
 *
 * with x̂ = u x_p + (1 − u) x_pre, u ~ U(0, 1) per row, pairing a row of each batch (the
 * one-sided gradient penalty of WGAN-GP, in the dual norm of the ground metric; for row
 * gradients A^{−T}∇φ is ∇φ A^{−1}). Each sample set is split at random into a training half and
 * a held-out half; the returned value E_p φ − E_pre φ is measured on the held-out halves, so it
 * does not reward over-fitting.
 *
 * <p><b>Normalization.</b> The one-sided penalty is soft: at its optimum the critic's slope
 * overshoots the constraint (for a translation by Δ, slope 1 + ‖AΔ‖/(2λ), so the raw value is
 * biased up by about W1²/(2λ): +10 % at W1 = 2, λ = 10). After training, the critic is divided
 * by L̂ = mean ‖A^{−T}∇φ‖ over interpolates of held-out pairs when L̂ &gt; 1 (its last layer
 * scaled, exactly), so the returned parameters and value are those of a critic whose dual
 * gradient norm is 1 on average where it matters; ∇φ, the Wasserstein term's gradient, then has
 * the right scale too. {@link CriticResult#lipschitz()} reports L̂.
 *
 * <p><b>The gradient of a gradient.</b> The penalty needs ∂/∂θ of ∇_x φ. On DJL 0.33,
 * {@code JniUtils.backward(loss, ones, keepGraph, createGraph = true)} does produce a
 * differentiable input gradient (checked: a second backward through it gives the exact
 * second-order parameter gradients). But DJL exposes only {@code backward}, not
 * {@code autograd.grad}: the first backward also accumulates graph-carrying gradients into every
 * parameter, which then reference their own graph (libtorch warns of the resulting reference
 * cycle and memory leak, and there is no way to reset {@code .grad} to undefined from DJL;
 * measured: a 2→64→64→1 critic at batch 256 grew the resident set by about 0.5 MB per step,
 * linearly over 1,500 steps, even with per-step managers and zeroed gradients, while this
 * trainer's path levelled off at under 80 MB). So
 * this trainer writes ∇_x φ out as ordinary operations ({@link CriticNetwork#inputGradient}) and
 * back-propagates the whole loss once, first-order. The result is the same penalty gradient
 * (tested against finite differences), without the leak.
 *
 * <p>Randomness comes from counter-based streams {@code (seed, CRITIC, ...)}: the same inputs
 * and config give the same critic on any machine. Parameters are float32, updated by
 * {@link Adam} on a flat copy.
 */
public final class CriticTrainer {

    private CriticTrainer() {}

    /**
     * Trains a critic on flat row-major samples {@code current} [n_p, d] of p_{k−1} and
     * {@code pre} [n_pre, d] of p_pre, d = {@code config.spec().inputDim()}, each with at least
     * 4 rows.
     */
    public static CriticResult train(float[] current, float[] pre, CriticConfig config, NDManager parent) {
        int d = config.spec().inputDim();
        int np = rows(current, d, "current");
        int nq = rows(pre, d, "pre");
        double[] inverse = config.groundMetric() == null ? null : GaussJordan.inverse(config.groundMetric(), d);
        long seed = config.seed();
        float[][] p = split(current, np, d, CounterRng.of(seed, Purpose.CRITIC, 1));
        float[][] q = split(pre, nq, d, CounterRng.of(seed, Purpose.CRITIC, 2));
        try (NDManager m = parent.newSubManager();
                CriticNetwork critic = CriticNetwork.create(config.spec(), m, DataType.FLOAT32, seed)) {
            ParameterSet params = critic.parameters();
            float[] flat = params.toFlat();
            Adam adam = Adam.standard(flat.length);
            int b = config.batchSize();
            double penalty = Double.NaN;
            params.setRequiresGradient(true);
            try {
                for (int step = 0; step < config.steps(); step++) {
                    CounterRng rng = CounterRng.of(seed, Purpose.CRITIC, 3, step);
                    float[] xp = batch(p[0], d, b, rng);
                    float[] xq = batch(q[0], d, b, rng);
                    float[] xh = new float[b * d];
                    for (int i = 0; i < b; i++) {
                        float u = (float) rng.nextDouble();
                        for (int k = 0; k < d; k++) {
                            xh[i * d + k] = u * xp[i * d + k] + (1 - u) * xq[i * d + k];
                        }
                    }
                    try (NDManager it = m.newSubManager();
                            Autograd.Mode ignored = Autograd.enabled()) {
                        NDArray ap = OwnedArrays.of(it, xp, new Shape(b, d));
                        NDArray aq = OwnedArrays.of(it, xq, new Shape(b, d));
                        NDArray ah = OwnedArrays.of(it, xh, new Shape(b, d));
                        NDArray gap =
                                critic.value(ap).mean().sub(critic.value(aq).mean());
                        NDArray g = critic.inputGradient(ah);
                        if (inverse != null) {
                            g = g.matMul(OwnedArrays.of(it, inverse, new Shape(d, d), DataType.FLOAT32));
                        }
                        NDArray norm = g.square().sum(new int[] {1}).add(1e-12).sqrt();
                        NDArray pen = Scalars.maximum(norm.sub(1), 0).square().mean();
                        NDArray loss = Scalars.mul(pen, config.penaltyWeight()).sub(gap);
                        Autograd.backward(loss);
                        penalty = pen.getFloat();
                    }
                    adam.step(flat, params.takeGradient(), config.learningRate());
                    params.fromFlat(flat);
                }
            } finally {
                params.setRequiresGradient(false);
            }
            double lipschitz = meanDualNorm(critic, p[1], q[1], d, inverse, CounterRng.of(seed, Purpose.CRITIC, 4), m);
            if (lipschitz > 1) {
                int last = config.spec().widths()[config.spec().widths().length - 2] + 1; // weight [1, H] and bias [1]
                for (int i = flat.length - last; i < flat.length; i++) {
                    flat[i] = (float) (flat[i] / lipschitz);
                }
                params.fromFlat(flat);
            }
            double[] heldP = values(critic, p[1], d, m);
            double[] heldQ = values(critic, q[1], d, m);
            double value = mean(heldP) - mean(heldQ);
            double se = Math.sqrt(variance(heldP) / heldP.length + variance(heldQ) / heldQ.length);
            double train = mean(values(critic, p[0], d, m)) - mean(values(critic, q[0], d, m));
            return new CriticResult(config.spec(), flat, value, se, train, penalty, lipschitz);
        }
    }

    /** mean ‖A^{−T}∇φ(x̂)‖ over interpolates of paired held-out rows. */
    private static double meanDualNorm(
            CriticNetwork critic, float[] p, float[] q, int d, double[] inverse, CounterRng rng, NDManager parent) {
        int n = Math.min(p.length, q.length) / d;
        float[] xh = new float[n * d];
        for (int i = 0; i < n; i++) {
            float u = (float) rng.nextDouble();
            for (int k = 0; k < d; k++) {
                xh[i * d + k] = u * p[i * d + k] + (1 - u) * q[i * d + k];
            }
        }
        try (NDManager m = parent.newSubManager();
                Autograd.Mode ignored = Autograd.disabled()) {
            NDArray g = critic.inputGradient(OwnedArrays.of(m, xh, new Shape(n, d)));
            if (inverse != null) {
                g = g.matMul(OwnedArrays.of(m, inverse, new Shape(d, d), DataType.FLOAT32));
            }
            return g.square().sum(new int[] {1}).sqrt().mean().getFloat();
        }
    }

    private static int rows(float[] x, int d, String name) {
        if (x.length % d != 0 || x.length / d < 4) {
            throw new IllegalArgumentException(
                    name + " samples must be [n, " + d + "] with n ≥ 4, got " + x.length + " values");
        }
        return x.length / d;
    }

    /** {training half, held-out half}, split by a random choice of ⌊n/2⌋ training rows. */
    private static float[][] split(float[] x, int n, int d, CounterRng rng) {
        int half = n / 2;
        int[] chosen = rng.choose(n, half);
        boolean[] train = new boolean[n];
        for (int i : chosen) {
            train[i] = true;
        }
        float[] a = new float[half * d];
        float[] b = new float[(n - half) * d];
        int ia = 0;
        int ib = 0;
        for (int i = 0; i < n; i++) {
            if (train[i]) {
                System.arraycopy(x, i * d, a, d * ia++, d);
            } else {
                System.arraycopy(x, i * d, b, d * ib++, d);
            }
        }
        return new float[][] {a, b};
    }

    private static float[] batch(float[] x, int d, int b, CounterRng rng) {
        int n = x.length / d;
        float[] out = new float[b * d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(x, d * rng.nextInt(n), out, i * d, d);
        }
        return out;
    }

    private static double[] values(CriticNetwork critic, float[] x, int d, NDManager parent) {
        try (NDManager m = parent.newSubManager();
                Autograd.Mode ignored = Autograd.disabled()) {
            NDArray v = critic.value(OwnedArrays.of(m, x, new Shape(x.length / d, d)));
            float[] f = v.toFloatArray();
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double mu = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - mu) * (x - mu);
        }
        return s / Math.max(1, v.length - 1);
    }
}
