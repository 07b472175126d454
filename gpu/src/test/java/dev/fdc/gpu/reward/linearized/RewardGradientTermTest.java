package dev.fdc.gpu.reward.linearized;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.protocol.v1.Affine;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.DoubleVector;
import dev.fdc.protocol.v1.Gate;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.ScoreModel;
import dev.fdc.protocol.v1.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reward-gradient factors (unit, gates, affine) against a plain-Java computation with the linear
 * reward r = wᵀx, and the linear combination of weights and scale. Everything is float64 and the
 * expected values are a handful of multiplications, so 1e-12 is rounding-level; a gate on the
 * wrong side or a factor applied twice is off by O(1).
 */
class RewardGradientTermTest {

    static final double[] W = {1.0, -2.0};

    static RewardModel linear() {
        return RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder()
                        .setName("linear")
                        .putVectors(
                                "w",
                                DoubleVector.newBuilder()
                                        .addValues(W[0])
                                        .addValues(W[1])
                                        .build()))
                .build();
    }

    static LinearizedTerm term(String label, double weight, RewardGradient.Builder rg) {
        return LinearizedTerm.newBuilder()
                .setLabel(label)
                .setWeight(weight)
                .setRewardGradient(rg.setReward(linear()))
                .build();
    }

    static final LinearizedTerm UNIT =
            term("mean", 1, RewardGradient.newBuilder().setUnit(Unit.getDefaultInstance()));
    static final LinearizedTerm BELOW = term(
            "cvar",
            1,
            RewardGradient.newBuilder()
                    .setBelow(Gate.newBuilder().setThreshold(0.2).setScale(10)));
    static final LinearizedTerm ABOVE = term(
            "sq",
            1,
            RewardGradient.newBuilder()
                    .setAbove(Gate.newBuilder().setThreshold(0.2).setScale(4)));
    static final LinearizedTerm AFFINE = term(
            "mv",
            1,
            RewardGradient.newBuilder().setAffine(Affine.newBuilder().setA(1.5).setB(-0.6)));

    @Test
    void factorsMultiplyTheRewardGradientPerSample() {
        double[] x = TermWorld.points(40, 1.5, 1);
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m)) {
            for (LinearizedTerm t : List.of(UNIT, BELOW, ABOVE, AFFINE)) {
                try (LinearizedRewardEvaluator e = world.evaluator(Map.of(), 1, t)) {
                    double[] g = TermWorld.gradient(e, m, x);
                    double[] v = TermWorld.value(e, m, x);
                    int below = 0;
                    for (int i = 0; i < 40; i++) {
                        double r = W[0] * x[2 * i] + W[1] * x[2 * i + 1];
                        double f;
                        double potential;
                        switch (t.getLabel()) {
                            case "mean" -> {
                                f = 1;
                                potential = r;
                            }
                            case "cvar" -> {
                                f = r <= 0.2 ? 10 : 0;
                                potential = 10 * Math.min(r - 0.2, 0);
                            }
                            case "sq" -> {
                                f = r >= 0.2 ? 4 : 0;
                                potential = 4 * Math.max(r - 0.2, 0);
                            }
                            default -> {
                                f = 1.5 - 0.6 * r;
                                potential = 1.5 * r - 0.3 * r * r;
                            }
                        }
                        below += r <= 0.2 ? 1 : 0;
                        assertEquals(f * W[0], g[2 * i], 1e-12, t.getLabel() + " ∂/∂x1 row " + i);
                        assertEquals(f * W[1], g[2 * i + 1], 1e-12, t.getLabel() + " ∂/∂x2 row " + i);
                        assertEquals(potential, v[i], 1e-12, t.getLabel() + " value row " + i);
                    }
                    // Both sides of the gate are exercised.
                    assertEquals(true, below > 5 && below < 35, "rows below the threshold: " + below);
                }
            }
        }
    }

    /**
     * scale · Σ weight_i · term_i: the full evaluator against the single-term evaluators, also
     * with a score term mixed in, and the per-term breakdown sums to the gradient.
     */
    @Test
    void weightsAndScaleCombineLinearly() {
        double[] x = TermWorld.points(16, 1.5, 2);
        double[] weights = {0.7, -2.0, 3.0, 0.25, -1.0};
        LinearizedTerm score = LinearizedTerm.newBuilder()
                .setLabel("entropy")
                .setWeight(1)
                .setScore(dev.fdc.protocol.v1.Score.newBuilder()
                        .setModel(ScoreModel.BASE)
                        .setTEval(0.995))
                .build();
        List<LinearizedTerm> unitTerms = List.of(UNIT, BELOW, ABOVE, AFFINE, score);
        double scale = 0.37;
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m)) {
            LinearizedTerm[] weighted = new LinearizedTerm[unitTerms.size()];
            double[] expected = new double[x.length];
            for (int k = 0; k < weighted.length; k++) {
                weighted[k] = unitTerms.get(k).toBuilder().setWeight(weights[k]).build();
                try (LinearizedRewardEvaluator single = world.evaluator(Map.of(), 1, unitTerms.get(k))) {
                    double[] g = TermWorld.gradient(single, m, x);
                    for (int i = 0; i < x.length; i++) {
                        expected[i] += scale * weights[k] * g[i];
                    }
                }
            }
            try (LinearizedRewardEvaluator all = world.evaluator(Map.of(), scale, weighted);
                    NDManager call = m.newSubManager()) {
                double[] g = TermWorld.gradient(all, m, x);
                NDArray xs = call.create(x, new ai.djl.ndarray.types.Shape(16, 2));
                double[] parts = new double[x.length];
                for (NDArray p : all.termGradients(xs)) {
                    double[] pv = p.toDoubleArray();
                    for (int i = 0; i < x.length; i++) {
                        parts[i] += pv[i];
                    }
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(expected[i], g[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "component " + i);
                    assertEquals(g[i], parts[i], 1e-12 * Math.max(1, Math.abs(g[i])), "breakdown component " + i);
                }
                assertEquals(List.of("mean", "cvar", "sq", "mv", "entropy"), all.labels());
            }
        }
    }
}
