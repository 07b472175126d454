package dev.fdc.coordinator.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.statistics.Quantiles;
import dev.fdc.coordinator.statistics.RenyiWeights;
import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.Critic;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.FeatureMoments;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.LogDensities;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.SampleSet;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.ScoreModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signs, weights and parameters of every term kind in one composed objective. */
class ObjectiveCompositionTest {

    private static final RewardModel RISK = reward("risk_averse");
    private static final RewardModel NOVELTY = reward("novelty");
    private static final double[] REWARDS = {5, 1, 4, 2, 3, 9, 7, 8, 6, 10};
    private static final double[] LOG_BASE = {-1.0, -2.0, -1.5, -0.5};
    private static final double[] LOG_PRE = {-1.2, -1.0, -2.5, -0.7};
    private static final ContentRef CRITIC =
            ContentRef.newBuilder().setContentId("critic-3").build();
    private static final MlpArchitecture ARCH = MlpArchitecture.newBuilder()
            .setInputDim(2)
            .addHidden(8)
            .setOutputDim(1)
            .setActivation("silu")
            .build();

    private static RewardModel reward(String name) {
        return RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder().setName(name))
                .build();
    }

    private static StatisticsSnapshot snapshot(double criticValue) {
        return StatisticsSnapshot.builder(3)
                .addRewards(RISK, REWARDS)
                .addRewards(NOVELTY, REWARDS)
                .setFeatureMoments(new FeatureMoments(FeatureMap.IDENTITY, 2, new double[] {2, 0, 0, 4}, 10))
                .setLogDensities(new LogDensities(LOG_BASE, LOG_PRE))
                .setCritic(new Critic(CRITIC, ARCH, criticValue, 0.05))
                .setSampleSets(
                        new SampleSet(
                                ContentRef.newBuilder().setContentId("cur").build(), 2, new float[] {0, 0}),
                        new SampleSet(
                                ContentRef.newBuilder().setContentId("pre").build(), 2, new float[] {1, 1}))
                .build();
    }

    private static final List<ObjectiveTerm> TERMS = List.of(
            new ExpectedRewardTerm(0.5, NOVELTY),
            new CvarTerm(2.0, 0.2, RISK),
            new SuperquantileTerm(1.5, 0.8, NOVELTY),
            new MeanVarianceTerm(0.7, 0.25, RISK),
            new EntropyTerm(0.3, 0.01),
            new DOptimalTerm(1.2, FeatureMap.IDENTITY, 0.5),
            new AOptimalTerm(0.9, FeatureMap.IDENTITY, 0.5),
            new KlTerm(0.4, 0.005),
            new RenyiTerm(0.6, 2.0, 0.005, 50, 0),
            new WassersteinTerm(0.8, new double[0], List.of(8), "silu"),
            new MmdTerm(0.35, 1.5));

    @Test
    void everyTermCarriesItsSignedWeightAndParameters() {
        Objective g = new Objective(TERMS);
        LinearizedReward lr = g.linearize(snapshot(0.2), 4.0);
        assertEquals(0.25, lr.getScale(), 0.0); // 1/η_k
        List<LinearizedTerm> t = lr.getTermsList();
        assertEquals(12, t.size()); // KL contributes two Score terms

        assertEquals(0.5, t.get(0).getWeight(), 0.0);
        assertTrue(t.get(0).getRewardGradient().hasUnit());

        double q02 = Quantiles.of(REWARDS).quantile(0.2); // 2nd smallest = 2
        assertEquals(2.0, q02, 0.0);
        assertEquals("cvar", t.get(1).getLabel());
        assertEquals(2.0, t.get(1).getWeight(), 0.0);
        assertEquals(q02, t.get(1).getRewardGradient().getBelow().getThreshold(), 0.0);
        assertEquals(1 / 0.2, t.get(1).getRewardGradient().getBelow().getScale(), 1e-15);
        assertEquals(
                "risk_averse",
                t.get(1).getRewardGradient().getReward().getAnalytic().getName());

        assertEquals(8.0, t.get(2).getRewardGradient().getAbove().getThreshold(), 0.0);
        assertEquals(1 / (1 - 0.8), t.get(2).getRewardGradient().getAbove().getScale(), 1e-12);
        assertEquals(1.5, t.get(2).getWeight(), 0.0);

        assertEquals(
                1 + 2 * 0.25 * 5.5, t.get(3).getRewardGradient().getAffine().getA(), 1e-15);
        assertEquals(-0.5, t.get(3).getRewardGradient().getAffine().getB(), 0.0);

        assertEquals(-0.3, t.get(4).getWeight(), 0.0); // entropy: −w · s_{k−1}
        assertEquals(ScoreModel.BASE, t.get(4).getScore().getModel());
        assertEquals(0.99, t.get(4).getScore().getTEval(), 1e-15);

        // D-optimal: M = diag(2.5, 4.5), B = M⁻¹; A-optimal: B = M⁻².
        assertArrayEquals(
                new double[] {1 / 2.5, 0, 0, 1 / 4.5},
                t.get(5).getFeatureQuadratic().getMatrixList().stream()
                        .mapToDouble(d -> d)
                        .toArray(),
                1e-15);
        assertEquals(1.2, t.get(5).getWeight(), 0.0);
        assertArrayEquals(
                new double[] {1 / 6.25, 0, 0, 1 / 20.25},
                t.get(6).getFeatureQuadratic().getMatrixList().stream()
                        .mapToDouble(d -> d)
                        .toArray(),
                1e-15);

        assertEquals(ScoreModel.BASE, t.get(7).getScore().getModel());
        assertEquals(-0.4, t.get(7).getWeight(), 0.0); // −α · (+s_{k−1})
        assertEquals(ScoreModel.PRE, t.get(8).getScore().getModel());
        assertEquals(0.4, t.get(8).getWeight(), 0.0); // −α · (−s_pre)
        assertEquals(t.get(7).getScore().getTEval(), t.get(8).getScore().getTEval(), 0.0);

        assertEquals(-0.6, t.get(9).getWeight(), 0.0);
        assertEquals(
                RenyiWeights.of(2.0, LOG_BASE, LOG_PRE).logNormalizer(),
                t.get(9).getDensityRatioScore().getLogNormalizer(),
                0.0);
        assertEquals(2.0, t.get(9).getDensityRatioScore().getOrder(), 0.0);
        assertEquals(50, t.get(9).getDensityRatioScore().getOdeSteps());

        assertEquals(-0.8, t.get(10).getWeight(), 0.0);
        assertEquals("critic-3", t.get(10).getPotential().getParameters().getContentId());
        assertEquals(ARCH, t.get(10).getPotential().getCritic());

        assertEquals(-0.35, t.get(11).getWeight(), 0.0);
        assertEquals("cur", t.get(11).getWitness().getCurrentSamples().getContentId());
    }

    @Test
    void wassersteinSitsOutBelowItsNoiseFloor() {
        Objective g = new Objective(TERMS);
        LinearizedReward lr = g.linearize(snapshot(0.05), 1.0); // value = floor: not above it
        assertEquals(11, lr.getTermsCount());
        assertTrue(lr.getTermsList().stream().noneMatch(LinearizedTerm::hasPotential));
        TermMetrics w1 = g.termMetrics(snapshot(0.05)).get(9);
        assertEquals("wasserstein", w1.type());
        assertEquals(0.0, w1.metrics().get(TermMetric.ACTIVE));
        assertEquals(1.0, g.termMetrics(snapshot(0.2)).get(9).metrics().get(TermMetric.ACTIVE));
    }

    @Test
    void objectiveValueIsTheSignedSum() {
        StatisticsSnapshot s = snapshot(0.2);
        double expected = 0;
        for (ObjectiveTerm term : TERMS) {
            double sign = term.isDivergence() ? -1 : 1;
            expected += sign * term.coefficient() * term.value(s).getAsDouble();
        }
        assertEquals(expected, new Objective(TERMS).value(s).getAsDouble(), 1e-12);
        // spot-check values: CVaR_0.2 = mean{1, 2}, KL = mean(log p − log pre), D-opt = log(2.5·4.5)
        assertEquals(1.5, TERMS.get(1).value(s).getAsDouble(), 0.0);
        assertEquals((0.2 - 1.0 + 1.0 + 0.2) / 4, TERMS.get(7).value(s).getAsDouble(), 1e-15);
        assertEquals(Math.log(2.5 * 4.5), TERMS.get(5).value(s).getAsDouble(), 1e-14);
        assertEquals(-(1 / 2.5 + 1 / 4.5), TERMS.get(6).value(s).getAsDouble(), 1e-15);
        assertEquals(2.0, new Objective(TERMS).termMetrics(s).get(1).metrics().get(TermMetric.TAIL_COUNT));
    }

    @Test
    void needsAreMergedAndMissingStatisticsAreNamed() {
        StatisticsNeeds needs = new Objective(TERMS).needs();
        assertEquals(
                java.util.EnumSet.of(
                        Statistic.REWARDS,
                        Statistic.FEATURE_MOMENTS,
                        Statistic.LOG_DENSITIES,
                        Statistic.CRITIC,
                        Statistic.SAMPLE_SETS),
                needs.forLinearization());
        assertEquals(2, needs.rewards().size());
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new Objective(List.of(new RenyiTerm(1, 2, 0.005, 10, 0)))
                        .linearize(StatisticsSnapshot.builder(1).build(), 1.0));
        assertTrue(e.getMessage().contains("log-densities"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Objective(TERMS).linearize(snapshot(0.2), 0.0));
    }
}
