package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.LinearizedTerm;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A-optimal design F(p) = −tr(M⁻¹), M = E_p[ΦΦᵀ] + λI, with ∇_x δF(x) = 2 J_Φ(x)ᵀ M⁻² Φ(x): a
 * {@code FeatureQuadratic} with matrix M⁻² (M at p_{k−1}) and weight w.
 *
 * @param weight w ≥ 0
 * @param features the feature map Φ
 * @param lambda the ridge λ &gt; 0
 */
public record AOptimalTerm(double weight, FeatureMap features, double lambda) implements DesignTerm {

    /** Config type. */
    public static final String TYPE = "a-optimal";

    static final Set<String> KEYS = Set.of("type", "weight", "features", "lambda");

    static AOptimalTerm parse(StrictConfig c, RewardConfig rewards) {
        return new AOptimalTerm(c.nonNegative("weight"), DOptimalTerm.featureMap(c), c.positive("lambda"));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        InformationMatrix m = InformationMatrix.of(statistics, features, lambda);
        return List.of(m.term(TYPE, weight, m.inverseSquared()));
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        if (!statistics.hasFeatureMoments(features)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(
                -InformationMatrix.of(statistics, features, lambda).traceOfInverse());
    }
}
