package dev.fdc.gpu.reward.linearized;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.protocol.v1.DensityRatioScore;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.Score;
import dev.fdc.protocol.v1.ScoreModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Score and density-ratio terms on Gaussian base and pre-trained fields, against closed forms:
 * the marginal score of N(μ, s² I) data at time t is −(x − tμ) / (t² s² + (1 − t)²), which at
 * t = 1 − ε is −(x − μ)/s² up to O(ε).
 */
class ScoreTermsTest {

    static final double T = 0.995;

    static LinearizedTerm score(ScoreModel model) {
        return LinearizedTerm.newBuilder()
                .setLabel("s-" + model)
                .setWeight(1)
                .setScore(Score.newBuilder().setModel(model).setTEval(T))
                .build();
    }

    /** float64, closed form of the same field: rounding-level agreement (1e-10). */
    @Test
    void baseAndPreScoresAreTheRightModels() {
        double[] x = TermWorld.points(10, 1.5, 3);
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m);
                LinearizedRewardEvaluator b = world.evaluator(Map.of(), 1, score(ScoreModel.BASE));
                LinearizedRewardEvaluator p = world.evaluator(Map.of(), 1, score(ScoreModel.PRE))) {
            double[] gb = TermWorld.gradient(b, m, x);
            double[] gp = TermWorld.gradient(p, m, x);
            for (int i = 0; i < 10; i++) {
                double[] eb = TermWorld.score(TermWorld.MU_BASE, TermWorld.S_BASE, T, TermWorld.row(x, i));
                double[] ep = TermWorld.score(TermWorld.MU_PRE, TermWorld.S_PRE, T, TermWorld.row(x, i));
                for (int k = 0; k < 2; k++) {
                    assertEquals(eb[k], gb[2 * i + k], 1e-10, "BASE score row " + i);
                    assertEquals(ep[k], gp[2 * i + k], 1e-10, "PRE score row " + i);
                }
                // Near the data end it is the data score −(x − μ)/s² within O(ε) (here ≤ 2 %).
                double data = -(x[2 * i] - TermWorld.MU_BASE[0]) / (TermWorld.S_BASE * TermWorld.S_BASE);
                assertEquals(data, gb[2 * i], 0.02 * Math.max(1, Math.abs(data)), "BASE ≈ data score row " + i);
            }
        }
    }

    /**
     * (a/Z)(p_base/p_pre)^{a−1}(s_base − s_pre) with the closed-form Gaussian log-densities. The
     * evaluator integrates log p by 200 Heun steps of the probability-flow ODE; the fields are
     * smooth on [0, 1], so the log-density error is O(h²) ≈ 1e-5 and the weight's relative error
     * (a − 1) times that: 1e-3 relative leaves a wide margin, while a ratio upside down, a missing
     * a, or Z applied as exp(+log Z) is off by far more. For Gaussian fields ∂v/∂x = c(t) I, so
     * Rademacher probes give the exact trace: the Hutchinson path must agree to the same tolerance.
     */
    @Test
    void densityRatioScoreMatchesClosedForm() {
        double[] x = TermWorld.points(6, 1.0, 4);
        double a = 2.0;
        double logZ = 0.3;
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m)) {
            for (int probes : new int[] {0, 3}) {
                LinearizedTerm t = LinearizedTerm.newBuilder()
                        .setLabel("renyi")
                        .setWeight(1)
                        .setDensityRatioScore(DensityRatioScore.newBuilder()
                                .setOrder(a)
                                .setLogNormalizer(logZ)
                                .setTEval(T)
                                .setOdeSteps(200)
                                .setHutchinsonProbes(probes))
                        .build();
                try (LinearizedRewardEvaluator e = world.evaluator(Map.of(), 1, t)) {
                    double[] g = TermWorld.gradient(e, m, x);
                    for (int i = 0; i < 6; i++) {
                        double[] xi = TermWorld.row(x, i);
                        double w = a
                                * Math.exp((a - 1)
                                                * (TermWorld.logDensity(TermWorld.MU_BASE, TermWorld.S_BASE, xi)
                                                        - TermWorld.logDensity(TermWorld.MU_PRE, TermWorld.S_PRE, xi))
                                        - logZ);
                        double[] sb = TermWorld.score(TermWorld.MU_BASE, TermWorld.S_BASE, T, xi);
                        double[] sp = TermWorld.score(TermWorld.MU_PRE, TermWorld.S_PRE, T, xi);
                        for (int k = 0; k < 2; k++) {
                            double expected = w * (sb[k] - sp[k]);
                            assertEquals(
                                    expected,
                                    g[2 * i + k],
                                    1e-3 * Math.max(1, Math.abs(expected)),
                                    "probes " + probes + ", row " + i + ", component " + k);
                        }
                    }
                }
            }
        }
    }
}
