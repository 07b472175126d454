package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.ScoreModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * KL(p ‖ p_pre) = ∫ p log(p/p_pre), a divergence entering G with −α:
 * ∇_x δKL(x) = s_{k−1}(x, 1 − ε) − s_pre(x, 1 − ε). Two {@code Score} terms at the same
 * t_eval = 1 − ε: BASE (θ_{k−1}) with weight −α·(+1) = −α and PRE with weight −α·(−1) = +α.
 * Its value mean(log p_{k−1} − log p_pre) needs log-densities, which only the metric uses.
 *
 * @param alpha α ≥ 0
 * @param epsilon ε ∈ (0, 1) (default 0.005)
 */
public record KlTerm(double alpha, double epsilon) implements DivergenceTerm {

    /** Config type. */
    public static final String TYPE = "kl";

    static final Set<String> KEYS = Set.of("type", "alpha", "epsilon");

    static KlTerm parse(StrictConfig c, RewardConfig rewards) {
        return new KlTerm(c.nonNegative("alpha"), EntropyTerm.epsilon(c));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StatisticsNeeds needs() {
        return StatisticsNeeds.of(Set.of(), Set.of(Statistic.LOG_DENSITIES));
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        return List.of(
                EntropyTerm.score(TYPE, ScoreModel.BASE, epsilon, -alpha),
                EntropyTerm.score(TYPE, ScoreModel.PRE, epsilon, alpha));
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        return statistics
                .logDensities()
                .map(d -> {
                    double[] base = d.base();
                    double[] pre = d.pre();
                    double s = 0;
                    for (int i = 0; i < base.length; i++) {
                        s += base[i] - pre[i];
                    }
                    return OptionalDouble.of(s / base.length);
                })
                .orElse(OptionalDouble.empty());
    }

    @Override
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("alpha", alpha);
        m.put("epsilon", epsilon);
        return m;
    }
}
