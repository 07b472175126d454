package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Moments;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.Unit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Expected reward F(p) = E_p[r], ∇_x δF(x) = ∇r(x): a {@code RewardGradient} with the unit factor.
 *
 * @param weight w ≥ 0
 * @param reward the reward model r
 */
public record ExpectedRewardTerm(double weight, RewardModel reward) implements UtilityTerm {

    /** Config type. */
    public static final String TYPE = "expected-reward";

    static final Set<String> KEYS = Set.of("type", "weight", "reward");

    static ExpectedRewardTerm parse(StrictConfig c, RewardConfig rewards) {
        return new ExpectedRewardTerm(c.nonNegative("weight"), rewards.parse(c.object("reward")));
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
        return List.of(LinearizedTerm.newBuilder()
                .setLabel(TYPE)
                .setWeight(weight)
                .setRewardGradient(RewardGradient.newBuilder().setReward(reward).setUnit(Unit.getDefaultInstance()))
                .build());
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        return statistics.hasRewards(reward)
                ? OptionalDouble.of(Moments.mean(statistics.rewards(reward)))
                : OptionalDouble.empty();
    }

    @Override
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("weight", weight);
        m.put("reward", RewardConfig.render(reward));
        return m;
    }
}
