package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.GaussianVelocityField;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import java.util.Map;

/**
 * A small analytic world for term tests: base = N(μ_b, s_b² I₂) and pre = N(μ_p, s_p² I₂) as exact
 * Gaussian velocity fields in float64, sample sets by content id, and closed forms of their
 * marginal scores and log-densities.
 */
final class TermWorld implements AutoCloseable {

    static final double[] MU_BASE = {0.5, -0.25};
    static final double S_BASE = 0.8;
    static final double[] MU_PRE = {0.0, 0.0};
    static final double S_PRE = 1.0;

    final NDManager manager;
    final GaussianVelocityField base;
    final GaussianVelocityField pre;

    TermWorld(NDManager manager) {
        this.manager = manager;
        this.base = new GaussianVelocityField(MU_BASE, S_BASE, DataType.FLOAT64, manager);
        this.pre = new GaussianVelocityField(MU_PRE, S_PRE, DataType.FLOAT64, manager);
    }

    /** The evaluator of the given terms (scale 1 unless given) with {@code contents}. */
    LinearizedRewardEvaluator evaluator(Map<String, float[]> contents, double scale, LinearizedTerm... terms) {
        LinearizedReward.Builder r = LinearizedReward.newBuilder().setScale(scale);
        for (LinearizedTerm t : terms) {
            r.addTerms(t);
        }
        return LinearizedRewardEvaluator.builder()
                .setBase(base)
                .setPretrained(pre)
                .setContent(ContentResolver.of(contents))
                .optSeed(7)
                .build(r.build(), manager);
    }

    /** ∇ of the evaluator at x [rows, 2] as doubles. */
    static double[] gradient(LinearizedRewardEvaluator e, NDManager m, double[] x) {
        try (NDManager call = m.newSubManager()) {
            return e.gradient(call.create(x, new Shape(x.length / 2, 2))).toDoubleArray();
        }
    }

    /** The evaluator's value at x [rows, 2] as doubles. */
    static double[] value(LinearizedRewardEvaluator e, NDManager m, double[] x) {
        try (NDManager call = m.newSubManager();
                Autograd.Mode ignored = Autograd.disabled()) {
            return e.value(call.create(x, new Shape(x.length / 2, 2))).toDoubleArray();
        }
    }

    /** Marginal variance at time t of N(μ, s² I) data under the linear schedule: t² s² + (1 − t)². */
    static double variance(double s, double t) {
        return t * t * s * s + (1 - t) * (1 - t);
    }

    /** The exact marginal score −(x − tμ) / (t² s² + (1 − t)²) at one point. */
    static double[] score(double[] mu, double s, double t, double[] x) {
        double v = variance(s, t);
        return new double[] {-(x[0] - t * mu[0]) / v, -(x[1] - t * mu[1]) / v};
    }

    /** log N(x; μ, s² I₂). */
    static double logDensity(double[] mu, double s, double[] x) {
        double sq = (x[0] - mu[0]) * (x[0] - mu[0]) + (x[1] - mu[1]) * (x[1] - mu[1]);
        return -Math.log(2 * Math.PI * s * s) - sq / (2 * s * s);
    }

    /** n points of N(0, scale² I₂), flat. */
    static double[] points(int n, double scale, long seed) {
        double[] x = new double[2 * n];
        CounterRng rng = CounterRng.of(seed, Purpose.TEST);
        for (int i = 0; i < x.length; i++) {
            x[i] = scale * rng.nextGaussian();
        }
        return x;
    }

    static double[] row(double[] x, int i) {
        return new double[] {x[2 * i], x[2 * i + 1]};
    }

    @Override
    public void close() {
        base.close();
        pre.close();
    }
}
