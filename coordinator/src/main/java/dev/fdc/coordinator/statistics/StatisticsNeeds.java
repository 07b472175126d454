package dev.fdc.coordinator.statistics;

import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.RewardModel;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an objective term (or a whole objective) needs measured on p_{k−1} before it can be
 * linearized: the statistic kinds, which reward models to pool rewards of, and which feature maps
 * to take second moments of. {@code forValue} lists kinds that only its metric value needs (for
 * example log-densities for the entropy estimate −E log p): the coordinator may skip them.
 */
public record StatisticsNeeds(
        Set<Statistic> forLinearization,
        Set<Statistic> forValue,
        Set<RewardModel> rewards,
        Set<FeatureMap> featureMaps) {

    /** Nothing needed. */
    public static final StatisticsNeeds NONE = new StatisticsNeeds(Set.of(), Set.of(), Set.of(), Set.of());

    /** Defensive, immutable copies. */
    public StatisticsNeeds {
        forLinearization = freeze(forLinearization);
        forValue = freeze(forValue);
        rewards = Collections.unmodifiableSet(new LinkedHashSet<>(rewards));
        featureMaps = Collections.unmodifiableSet(new LinkedHashSet<>(featureMaps));
    }

    /** Rewards of {@code reward} pooled over all workers. */
    public static StatisticsNeeds rewards(RewardModel reward) {
        return new StatisticsNeeds(Set.of(Statistic.REWARDS), Set.of(), Set.of(reward), Set.of());
    }

    /** Second moments of the features {@code map}. */
    public static StatisticsNeeds featureMoments(FeatureMap map) {
        return new StatisticsNeeds(Set.of(Statistic.FEATURE_MOMENTS), Set.of(), Set.of(), Set.of(map));
    }

    /** {@code linearization} to build the term, {@code value} only for its metric value. */
    public static StatisticsNeeds of(Set<Statistic> linearization, Set<Statistic> value) {
        return new StatisticsNeeds(linearization, value, Set.of(), Set.of());
    }

    /** The union of two needs. */
    public StatisticsNeeds merge(StatisticsNeeds other) {
        Set<Statistic> lin = EnumSet.noneOf(Statistic.class);
        lin.addAll(forLinearization);
        lin.addAll(other.forLinearization);
        Set<Statistic> val = EnumSet.noneOf(Statistic.class);
        val.addAll(forValue);
        val.addAll(other.forValue);
        val.removeAll(lin);
        Set<RewardModel> r = new LinkedHashSet<>(rewards);
        r.addAll(other.rewards);
        Set<FeatureMap> f = new LinkedHashSet<>(featureMaps);
        f.addAll(other.featureMaps);
        return new StatisticsNeeds(lin, val, r, f);
    }

    private static Set<Statistic> freeze(Set<Statistic> s) {
        Set<Statistic> copy = EnumSet.noneOf(Statistic.class);
        copy.addAll(s);
        return Collections.unmodifiableSet(copy);
    }
}
