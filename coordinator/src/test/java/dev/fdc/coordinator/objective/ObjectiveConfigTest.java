package dev.fdc.coordinator.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.DoubleVector;
import dev.fdc.protocol.v1.RewardModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing fdc.objective: the documented example, defaults, TorchScript rewards, round trips. */
class ObjectiveConfigTest {

    private static Objective parse(String hocon) {
        return ObjectiveConfig.parse(ConfigFactory.parseString(hocon));
    }

    private static RewardModel named(String name) {
        return RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder().setName(name))
                .build();
    }

    @Test
    void parsesTheDocumentedExample() {
        Objective g = parse("""
        fdc.objective {
          terms = [
            { type = cvar, beta = 0.1, weight = 1.0, reward = { name = risk_averse } }
            { type = kl, alpha = 0.5, epsilon = 0.005 }
          ]
        }""");
        assertEquals(List.of(new CvarTerm(1.0, 0.1, named("risk_averse")), new KlTerm(0.5, 0.005)), g.terms());
    }

    @Test
    void appliesReferenceDefaultsAndUserDefaults() {
        Objective g = parse("""
        fdc.objective.defaults.entropy.epsilon = 0.02
        fdc.objective.terms = [
          { type = superquantile, reward { name = novelty } }
          { type = entropy }
          { type = renyi, alpha = 1, order = 0.5 }
          { type = d-optimal }
          { type = wasserstein, alpha = 0.1 }
        ]""");
        assertEquals(
                new SuperquantileTerm(1.0, 0.9, named("novelty")), g.terms().get(0));
        assertEquals(new EntropyTerm(1.0, 0.02), g.terms().get(1));
        assertEquals(new RenyiTerm(1, 0.5, 0.005, 100, 0), g.terms().get(2));
        assertEquals(new DOptimalTerm(1.0, FeatureMap.IDENTITY, 1e-3), g.terms().get(3));
        assertEquals(
                new WassersteinTerm(0.1, new double[0], List.of(64, 64), "silu"),
                g.terms().get(4));
    }

    @Test
    void rewardParametersAndTorchScriptFiles() {
        Objective g = ObjectiveConfig.parse(
                ConfigFactory.parseString("""
        fdc.objective.terms = [
          { type = expected-reward, reward { name = linear, scalars { scale = 2 }, vectors { w = [1, -1] } } }
          { type = mean-variance, lambda = 0.1, reward { torchscript = "models/r.pt" } }
        ]"""),
                path -> ContentRef.newBuilder().setContentId("stored:" + path).build());
        RewardModel linear = RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder()
                        .setName("linear")
                        .putScalars("scale", 2)
                        .putVectors(
                                "w",
                                DoubleVector.newBuilder()
                                        .addValues(1)
                                        .addValues(-1)
                                        .build()))
                .build();
        assertEquals(new ExpectedRewardTerm(1.0, linear), g.terms().get(0));
        assertEquals(
                "stored:models/r.pt",
                ((MeanVarianceTerm) g.terms().get(1))
                        .reward()
                        .getTorchscript()
                        .getModel()
                        .getContentId());
    }

    @Test
    void renderedObjectiveParsesBackToItself() {
        Objective g = parse("""
        fdc.objective.terms = [
          { type = expected-reward, weight = 0.5, reward { name = corner, scalars { a = 0.25 }, vectors { c = [1, 2] } } }
          { type = cvar, weight = 2, beta = 0.2, reward { name = risk_averse } }
          { type = superquantile, weight = 1.5, beta = 0.95, reward { name = novelty } }
          { type = mean-variance, weight = 0.7, lambda = 0.25, reward { name = norm } }
          { type = entropy, weight = 0.3, epsilon = 0.01 }
          { type = d-optimal, weight = 1.2, features = quadratic, lambda = 0.5 }
          { type = a-optimal, weight = 0.9, features = identity, lambda = 0.125 }
          { type = kl, alpha = 0.4 }
          { type = renyi, alpha = 0.6, order = 2, ode-steps = 50, hutchinson-probes = 4 }
          { type = wasserstein, alpha = 0.8, ground-metric = [[2, 0], [1, 1]], critic { hidden = [32], activation = relu } }
          { type = mmd, alpha = 0.35, bandwidth = 1.5 }
        ]""");
        assertEquals(11, g.terms().size());
        Config rendered = ObjectiveConfig.render(g);
        assertEquals(g.terms(), ObjectiveConfig.parse(rendered).terms());
        // ... and through the HOCON text a user would see
        String text = rendered.root().render(ConfigRenderOptions.concise());
        assertEquals(g.terms(), parse(text).terms());
    }

    @Test
    void torchScriptRewardsNeedAStore() {
        BadConfigException e = assertThrows(
                BadConfigException.class,
                () -> parse("fdc.objective.terms = [{ type = cvar, reward { torchscript = r.pt } }]"));
        assertEquals("fdc.objective.terms[0].reward.torchscript", e.path());
    }

    @Test
    void badConfigIsAConfigException() {
        assertTrue(com.typesafe.config.ConfigException.class.isAssignableFrom(BadConfigException.class));
    }
}
