package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Moments;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.Affine;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Mean − λ·variance F(p) = E_p r − λ Var_p r, with ∇_x δF(x) = ∇r(x) (1 − 2λ (r(x) − E_p r)): a
 * {@code RewardGradient} with the affine factor a + b·r, a = 1 + 2λ E_p r, b = −2λ, where E_p r is
 * the mean of the pooled rewards of p_{k−1}.
 *
 * @param weight w ≥ 0
 * @param lambda the variance penalty λ ≥ 0
 * @param reward the reward model r
 */
public record MeanVarianceTerm(double weight, double lambda, RewardModel reward) implements UtilityTerm {

    /** Config type. */
    public static final String TYPE = "mean-variance";

    static final Set<String> KEYS = Set.of("type", "weight", "lambda", "reward");

    static MeanVarianceTerm parse(StrictConfig c, RewardConfig rewards) {
        return new MeanVarianceTerm(
                c.nonNegative("weight"), c.nonNegative("lambda"), rewards.parse(c.object("reward")));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StatisticsNeeds needs() {
        return StatisticsNeeds.rewards(reward);
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        double mean = Moments.mean(statistics.rewards(reward));
        return List.of(LinearizedTerm.newBuilder()
                .setLabel(TYPE)
                .setWeight(weight)
                .setRewardGradient(RewardGradient.newBuilder()
                        .setReward(reward)
                        .setAffine(
                                Affine.newBuilder().setA(1 + 2 * lambda * mean).setB(-2 * lambda)))
                .build());
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        if (!statistics.hasRewards(reward)) {
            return OptionalDouble.empty();
        }
        double[] r = statistics.rewards(reward);
        return OptionalDouble.of(Moments.mean(r) - lambda * Moments.variance(r));
    }

    @Override
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("weight", weight);
        m.put("lambda", lambda);
        m.put("reward", RewardConfig.render(reward));
        return m;
    }
}
