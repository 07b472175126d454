package dev.fdc.coordinator.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.ScoreModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MATH.md §7 case 2 at the level of the mirror recursion: the LinearizedReward this code produces
 * for G = H − α KL, evaluated on Gaussians with their analytic scores s(x) = −τ (x − μ), must be
 * the gradient of a quadratic whose exact tilt p_k ∝ p_{k−1} exp(r) gives the closed-form precision
 * update of {@link GaussianMirrorUpdate}. This fails on any wrong sign or weight of the Score terms
 * (entropy −w·BASE, KL −α·BASE + α·PRE) or a wrong scale 1/η.
 */
class EntropyKlMirrorTest {

    private static final double MU = 0.7;
    private static final double PRE_VARIANCE = 1.3;

    private static Objective entropyMinusKl(double alpha) {
        return ObjectiveConfig.parse(ConfigFactory.parseString(
                "fdc.objective.terms = [{ type = entropy }, { type = kl, alpha = " + alpha + " }]"));
    }

    /** The precision change −c of the exact tilt by the reward whose gradient is c (x − μ). */
    private static double tiltedPrecision(LinearizedReward lr, double tauPrevious, double tauPre) {
        ReferenceGradient ref = new ReferenceGradient()
                .withScore(ScoreModel.BASE, (x, t) -> new double[] {-tauPrevious * (x[0] - MU)})
                .withScore(ScoreModel.PRE, (x, t) -> new double[] {-tauPre * (x[0] - MU)});
        double c = ref.gradient(lr, new double[] {MU + 1})[0];
        // ∇r must be linear in x through μ: check two more points (exact up to rounding).
        assertEquals(0, ref.gradient(lr, new double[] {MU})[0], 1e-12);
        assertEquals(-2.5 * c, ref.gradient(lr, new double[] {MU - 2.5})[0], 1e-12);
        // r = c (x − μ)²/2, so log p_k = log p_{k−1} + r has precision τ_{k−1} − c.
        return tauPrevious - c;
    }

    @ParameterizedTest(name = "alpha={0}, gamma={1}")
    @CsvSource({"0.5, 0.3", "1.0, 0.2", "2.0, 0.1", "0.25, 0.5"})
    void producedRewardReproducesTheClosedFormRecursion(double alpha, double gamma) {
        Objective g = entropyMinusKl(alpha);
        double tauPre = 1 / PRE_VARIANCE;
        double tau = tauPre; // θ_0 = θ_pre
        for (int k = 1; k <= 80; k++) {
            LinearizedReward lr = g.linearize(StatisticsSnapshot.builder(k).build(), 1 / gamma);
            double next = tiltedPrecision(lr, tau, tauPre);
            // both sides are a handful of flops on O(1) numbers: 1e-12 relative
            assertEquals(
                    GaussianMirrorUpdate.nextPrecision(tau, tauPre, alpha, gamma),
                    next,
                    1e-12 * Math.abs(next),
                    "step " + k);
            tau = next;
        }
        // γ(1 + α) < 2 here, so after 80 steps the variance is at the fixed point s²(1+α)/α: the
        // error contracts by |1 − γ(1+α)| ≤ 0.7 per step, 0.7^80 < 1e-12.
        assertEquals(GaussianMirrorUpdate.fixedPointVariance(PRE_VARIANCE, alpha), 1 / tau, 1e-6 * (1 / tau));
    }

    @Test
    void gammaOneOverOnePlusAlphaReachesTheFixedPointInOneStep() {
        double alpha = 0.5;
        double gamma = 1 / (1 + alpha);
        LinearizedReward lr =
                entropyMinusKl(alpha).linearize(StatisticsSnapshot.builder(1).build(), 1 / gamma);
        double tau1 = tiltedPrecision(lr, 1 / PRE_VARIANCE, 1 / PRE_VARIANCE);
        assertEquals(GaussianMirrorUpdate.fixedPointVariance(PRE_VARIANCE, alpha), 1 / tau1, 1e-12);
    }

    @Test
    void scoresAreTakenAtOneMinusEpsilonWithAboutOnePercentPrecisionBias() {
        double alpha = 0.5;
        double gamma = 1 / (1 + alpha);
        LinearizedReward lr =
                entropyMinusKl(alpha).linearize(StatisticsSnapshot.builder(1).build(), 1 / gamma);
        for (LinearizedTerm t : lr.getTermsList()) {
            assertEquals(0.995, t.getScore().getTEval(), 1e-15);
        }
        // Exact scores of the time-t marginal of N(μ, s²) under the linear schedule:
        // N(tμ, t²s² + (1−t)²). At t = 0.995 the produced update is off the exact one by ~1 %.
        ReferenceGradient.ScoreField marginal =
                (x, t) -> new double[] {-(x[0] - t * MU) / (t * t * PRE_VARIANCE + (1 - t) * (1 - t))};
        ReferenceGradient ref =
                new ReferenceGradient().withScore(ScoreModel.BASE, marginal).withScore(ScoreModel.PRE, marginal);
        double slope = ref.gradient(lr, new double[] {1})[0] - ref.gradient(lr, new double[] {0})[0];
        double tau1 = 1 / PRE_VARIANCE - slope;
        double exact = 1 / GaussianMirrorUpdate.fixedPointVariance(PRE_VARIANCE, alpha);
        double relative = Math.abs(tau1 - exact) / exact;
        assertTrue(relative > 1e-4 && relative < 0.03, "precision bias " + relative);
    }
}
