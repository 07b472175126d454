package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Quantiles;
import dev.fdc.coordinator.statistics.Quantiles.TailEstimate;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A tail utility of a reward at quantile level β (CVaR_β, the lower tail; SQ_β, the upper tail):
 * its first variation is ∇r gated at the pooled β-quantile q_β of p_{k−1}, so the two differ only
 * in the side and scale of the gate and in which tail mean they report.
 */
interface TailTerm extends UtilityTerm {

    /** The quantile level β ∈ (0, 1). */
    double beta();

    /** The reward r. */
    RewardModel reward();

    /** This term's tail of the pooled rewards. */
    TailEstimate tail(Quantiles quantiles);

    /** Sets the gate at q_β (side and scale) on the reward gradient. */
    RewardGradient.Builder gate(RewardGradient.Builder gradient, double quantile);

    @Override
    default StatisticsNeeds needs() {
        return StatisticsNeeds.rewards(reward());
    }

    @Override
    default List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        double q = statistics.quantiles(reward()).quantile(beta());
        return List.of(LinearizedTerm.newBuilder()
                .setLabel(type())
                .setWeight(weight())
                .setRewardGradient(gate(RewardGradient.newBuilder().setReward(reward()), q))
                .build());
    }

    @Override
    default OptionalDouble value(StatisticsSnapshot statistics) {
        return statistics.hasRewards(reward())
                ? OptionalDouble.of(tail(statistics.quantiles(reward())).mean())
                : OptionalDouble.empty();
    }

    /** value, quantile q_β, tail-count (samples in the tail, ties at q_β included) and sample-count. */
    @Override
    default Map<TermMetric, Double> metrics(StatisticsSnapshot statistics) {
        Map<TermMetric, Double> m = new EnumMap<>(TermMetric.class);
        if (statistics.hasRewards(reward())) {
            TailEstimate t = tail(statistics.quantiles(reward()));
            m.put(TermMetric.VALUE, t.mean());
            m.put(TermMetric.QUANTILE, t.quantile());
            m.put(TermMetric.TAIL_COUNT, (double) t.tailCount());
            m.put(TermMetric.SAMPLE_COUNT, (double) t.sampleCount());
        }
        return m;
    }

    @Override
    default Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("weight", weight());
        m.put("beta", beta());
        m.put("reward", RewardConfig.render(reward()));
        return m;
    }
}
