package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.numerics.features.FeatureMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An experiment-design utility of the information matrix M = E_p[ΦΦᵀ] + λI (D- and A-optimal):
 * both need the feature second moments of p_{k−1} and configure the same way.
 */
interface DesignTerm extends UtilityTerm {

    /** The feature map Φ. */
    FeatureMap features();

    /** The ridge λ > 0. */
    double lambda();

    @Override
    default StatisticsNeeds needs() {
        return StatisticsNeeds.featureMoments(features());
    }

    @Override
    default Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("weight", weight());
        m.put("features", features().wireName());
        m.put("lambda", lambda());
        return m;
    }
}
