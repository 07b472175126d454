package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.sampling.LogDensity;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.DensityRatioScore;

/**
 * The Rényi-a first variation's gradient (MATH.md §5):
 *
 * <pre>  (a / Z) (p_base(x) / p_pre(x))^{a−1} (s_base(x, t) − s_pre(x, t)),   Z = exp(log_normalizer)</pre>
 *
 * with log p of both models at x from the reverse probability-flow ODE ({@link LogDensity},
 * {@code ode_steps} Heun steps; exact trace when {@code hutchinson_probes} = 0). Both models use
 * the same Hutchinson probes (common random numbers: the ratio's noise partly cancels), drawn
 * from {@code (seed, HUTCHINSON, term index)}, so the gradient at given x is reproducible. The
 * weight is formed in double as a · exp((a − 1)(log p_base − log p_pre) − log Z). Value: 0.
 */
final class DensityRatioScoreTerm implements TermEvaluator {

    private final VelocityField base;
    private final VelocityField pre;
    private final DensityRatioScore proto;
    private final long seed;
    private final int index;

    DensityRatioScoreTerm(
            VelocityField base, VelocityField pre, DensityRatioScore proto, long seed, int index, String label) {
        String where = "term '" + label + "' (density_ratio_score)";
        if (!(proto.getTEval() > 0 && proto.getTEval() < 1)) {
            throw new IllegalArgumentException(where + " needs 0 < t_eval < 1, got " + proto.getTEval());
        }
        if (proto.getOdeSteps() < 1 || proto.getHutchinsonProbes() < 0) {
            throw new IllegalArgumentException(where + " needs ode_steps ≥ 1 and hutchinson_probes ≥ 0, got "
                    + proto.getOdeSteps() + " and " + proto.getHutchinsonProbes());
        }
        if (!(proto.getOrder() > 0) || proto.getOrder() == 1 || !Double.isFinite(proto.getLogNormalizer())) {
            throw new IllegalArgumentException(where + " needs order a > 0, a ≠ 1 and a finite log_normalizer, got "
                    + proto.getOrder() + " and " + proto.getLogNormalizer());
        }
        this.base = base;
        this.pre = pre;
        this.proto = proto;
        this.seed = seed;
        this.index = index;
    }

    /** The per-row weight (a/Z)(p_base/p_pre)^{a−1} at x. */
    double[] weights(NDArray x) {
        TimeGrid grid = new TimeGrid(proto.getOdeSteps());
        int probes = proto.getHutchinsonProbes();
        double[] lb = LogDensity.evaluate(base, x, grid, probes, CounterRng.of(seed, Purpose.HUTCHINSON, index));
        double[] lp = LogDensity.evaluate(pre, x, grid, probes, CounterRng.of(seed, Purpose.HUTCHINSON, index));
        double a = proto.getOrder();
        double[] w = new double[lb.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = a * Math.exp((a - 1) * (lb[i] - lp[i]) - proto.getLogNormalizer());
        }
        return w;
    }

    @Override
    public NDArray gradient(NDArray x) {
        double[] w = weights(x);
        try (Autograd.Mode ignored = Autograd.disabled()) {
            Times t = Times.uniform(proto.getTEval(), w.length);
            NDArray diff = base.score(x, t).sub(pre.score(x, t));
            NDArray column = OwnedArrays.of(x.getManager(), w, new Shape(w.length, 1), x.getDataType());
            return diff.mul(column);
        }
    }

    @Override
    public NDArray value(NDArray x) {
        return x.getManager().zeros(new Shape(x.getShape().get(0)), x.getDataType());
    }
}
