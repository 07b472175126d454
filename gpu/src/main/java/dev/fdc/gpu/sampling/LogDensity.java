package dev.fdc.gpu.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.StepScope;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;

/**
 * log p_1(x) of a flow by the reverse probability-flow ODE (MATH.md §2):
 *
 * <pre>  log p_1(X_1) = log N(X_0; 0, I) − ∫_0^1 ∇·v(X_t, t) dt</pre>
 *
 * integrating X from t = 1 back to t = 0 with Heun's method and the divergence by the trapezoid
 * rule along the way. The divergence is the exact trace of ∂v/∂x (d vector–Jacobian products)
 * when {@code probes == 0}, else a Hutchinson estimate with that many Rademacher probes.
 */
public final class LogDensity {

    private LogDensity() {}

    /** log p_1 at each row of x [m, d]; {@code rng} feeds Hutchinson probes (unused if exact). */
    public static double[] evaluate(VelocityField model, NDArray x, TimeGrid grid, int probes, CounterRng rng) {
        int m = Math.toIntExact(x.getShape().get(0));
        int d = model.dim();
        int steps = grid.steps();
        double h = grid.h();
        double[] integral = new double[m];
        NDArray cur = x;
        double[] divCur = divergence(model, cur, 1.0, probes, rng.child(0));
        for (int j = 0; j < steps; j++) {
            double t = 1.0 - j * h;
            NDArray prev = cur;
            try (StepScope step = StepScope.open(x.getManager(), prev);
                    Autograd.Mode ignored = Autograd.disabled()) {
                NDArray v = model.velocity(prev, Times.uniform(t, m));
                NDArray pred = prev.sub(v.mul(h));
                NDArray v2 = model.velocity(pred, Times.uniform(t - h, m));
                cur = step.keep(prev.sub(v.add(v2).mul(0.5 * h)));
            }
            if (j > 0) {
                prev.close(); // our intermediate state, not the caller's input
            }
            double[] divNext = divergence(model, cur, t - h, probes, rng.child(1 + j));
            for (int i = 0; i < m; i++) {
                integral[i] += 0.5 * h * (divCur[i] + divNext[i]);
            }
            divCur = divNext;
        }
        double[] x0 = toDoubles(cur);
        if (cur != x) {
            cur.close();
        }
        double[] out = new double[m];
        double logNorm = -0.5 * d * Math.log(2 * Math.PI);
        for (int i = 0; i < m; i++) {
            double sq = 0;
            for (int k = 0; k < d; k++) {
                sq += x0[i * d + k] * x0[i * d + k];
            }
            out[i] = logNorm - 0.5 * sq - integral[i];
        }
        return out;
    }

    /** ∇·v(x, t) per row: exact trace (probes == 0) or Hutchinson with Rademacher probes. */
    public static double[] divergence(VelocityField model, NDArray x, double t, int probes, CounterRng rng) {
        int m = Math.toIntExact(x.getShape().get(0));
        int d = model.dim();
        Times times = Times.uniform(t, m);
        double[] div = new double[m];
        try (StepScope step = StepScope.open(x.getManager(), x)) {
            accumulateDivergence(model, x, times, probes, rng, div, d, m);
        }
        return div;
    }

    private static void accumulateDivergence(
            VelocityField model, NDArray x, Times times, int probes, CounterRng rng, double[] div, int d, int m) {
        int rounds = probes == 0 ? d : probes;
        for (int r = 0; r < rounds; r++) {
            NDArray z;
            if (probes == 0) {
                float[] e = new float[m * d];
                for (int i = 0; i < m; i++) {
                    e[i * d + r] = 1f;
                }
                z = OwnedArrays.of(x.getManager(), e, new Shape(m, d), x.getDataType());
            } else {
                float[] e = new float[m * d];
                rng.fillRademacher(e);
                z = OwnedArrays.of(x.getManager(), e, new Shape(m, d), x.getDataType());
            }
            NDArray g = Autograd.vjp(y -> model.velocity(y, times), x, z, null);
            double[] zJz = toDoubles(g.mul(z).sum(new int[] {1}));
            for (int i = 0; i < m; i++) {
                div[i] += probes == 0 ? zJz[i] : zJz[i] / probes;
            }
        }
    }

    private static double[] toDoubles(NDArray a) {
        if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        float[] f = a.toFloatArray();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
