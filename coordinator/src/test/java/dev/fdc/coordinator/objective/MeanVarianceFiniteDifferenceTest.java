package dev.fdc.coordinator.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.Affine;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.RewardModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference check of mean − λ·variance on an empirical measure p = (1/n) Σ δ_{x_i}:
 * d/dε G((1 − ε) p + ε δ_x) at ε = 0 equals δG(x) − E_p δG, and the term's claimed
 * δG = a r + (b/2) r² (the potential of its gradient ∇r (a + b r)) must match, as must its x-gradient
 * against a finite difference in x. G is quadratic in ε, so the central ε-difference is exact up to
 * rounding (~1e-13 at ε = 1e-3); the x-difference (h = 1e-5) adds ~1e-13/h + h² ≈ 1e-8: tolerance
 * 1e-6.
 */
class MeanVarianceFiniteDifferenceTest {

    private static final double LAMBDA = 0.7;
    private static final RewardModel REWARD = RewardModel.newBuilder()
            .setAnalytic(AnalyticReward.newBuilder().setName("novelty"))
            .build();
    private static final ReferenceGradient.Reward R = new ReferenceGradient.Reward() {
        @Override
        public double value(double[] x) {
            return Math.sin(x[0]) + 0.5 * x[1] * x[1];
        }

        @Override
        public double[] gradient(double[] x) {
            return new double[] {Math.cos(x[0]), x[1]};
        }
    };

    private final double[][] points = new double[40][];

    MeanVarianceFiniteDifferenceTest() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {rng.nextDouble(-2, 2), rng.nextDouble(-1, 1.5)};
        }
    }

    /** G of (1 − ε) p + ε δ_x. */
    private double objective(double[] x, double eps) {
        int n = points.length;
        double m1 = eps * R.value(x);
        double m2 = eps * R.value(x) * R.value(x);
        for (double[] p : points) {
            m1 += (1 - eps) / n * R.value(p);
            m2 += (1 - eps) / n * R.value(p) * R.value(p);
        }
        return m1 - LAMBDA * (m2 - m1 * m1);
    }

    private double directional(double[] x) {
        double eps = 1e-3;
        return (objective(x, eps) - objective(x, -eps)) / (2 * eps);
    }

    @Test
    void firstVariationAndGradientMatchFiniteDifferences() {
        double[] r = new double[points.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = R.value(points[i]);
        }
        StatisticsSnapshot s =
                StatisticsSnapshot.builder(1).addRewards(REWARD, r).build();
        MeanVarianceTerm term = new MeanVarianceTerm(1.0, LAMBDA, REWARD);
        LinearizedReward lr = new Objective(java.util.List.of(term)).linearize(s, 1.0);
        Affine f = lr.getTerms(0).getRewardGradient().getAffine();
        double mean = 0;
        double meanPotential = 0;
        for (double ri : r) {
            mean += ri / r.length;
            meanPotential += (f.getA() * ri + 0.5 * f.getB() * ri * ri) / r.length;
        }
        assertEquals(1 + 2 * LAMBDA * mean, f.getA(), 1e-12);
        assertEquals(-2 * LAMBDA, f.getB(), 0.0);

        ReferenceGradient ref = new ReferenceGradient().withReward(R);
        for (double[] x : new double[][] {{0.3, 0.9}, {-1.7, -0.4}, {2.5, 1.1}}) {
            double rx = R.value(x);
            double claimed = f.getA() * rx + 0.5 * f.getB() * rx * rx - meanPotential;
            assertEquals(directional(x), claimed, 1e-8, "δG at " + x[0] + "," + x[1]);
            double[] g = ref.gradient(lr, x);
            double h = 1e-5;
            for (int k = 0; k < 2; k++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[k] += h;
                xm[k] -= h;
                assertEquals((directional(xp) - directional(xm)) / (2 * h), g[k], 1e-6, "∂_" + k);
            }
        }
    }
}
