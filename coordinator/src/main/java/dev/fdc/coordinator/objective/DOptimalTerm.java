package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.LinearizedTerm;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * D-optimal design F(p) = log det(E_p[ΦΦᵀ] + λI), with ∇_x δF(x) = 2 J_Φ(x)ᵀ M⁻¹ Φ(x),
 * M = E_{p_{k−1}}[ΦΦᵀ] + λI: a {@code FeatureQuadratic} with matrix M⁻¹ and weight w.
 *
 * @param weight w ≥ 0
 * @param features the feature map Φ
 * @param lambda the ridge λ &gt; 0 (keeps M positive definite)
 */
public record DOptimalTerm(double weight, FeatureMap features, double lambda) implements DesignTerm {

    /** Config type. */
    public static final String TYPE = "d-optimal";

    static final Set<String> KEYS = Set.of("type", "weight", "features", "lambda");

    static DOptimalTerm parse(StrictConfig c, RewardConfig rewards) {
        return new DOptimalTerm(c.nonNegative("weight"), featureMap(c), c.positive("lambda"));
    }

    /** The feature map at key {@code features}. */
    static FeatureMap featureMap(StrictConfig c) {
        return FeatureMap.byName(
                c.oneOf("features", List.of(FeatureMap.IDENTITY.wireName(), FeatureMap.QUADRATIC.wireName())));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        InformationMatrix m = InformationMatrix.of(statistics, features, lambda);
        return List.of(m.term(TYPE, weight, m.inverse()));
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        if (!statistics.hasFeatureMoments(features)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(
                InformationMatrix.of(statistics, features, lambda).logDeterminant());
    }
}
