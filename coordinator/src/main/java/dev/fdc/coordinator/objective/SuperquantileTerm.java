package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.Gate;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Novelty-seeking superquantile SQ_β(p) = E[r | r ≥ q_β] (upper tail), with
 * ∇_x δSQ_β(x) = (1/(1−β)) ∇r(x) 1{r(x) ≥ q_β}: a {@code RewardGradient} gated above at the
 * pooled β-quantile q_β of p_{k−1} with scale 1/(1 − β). For β near 1 only a (1 − β) fraction of
 * samples carries gradient: the tail-count metric reports how many each step saw.
 *
 * @param weight w ≥ 0
 * @param beta the quantile level β ∈ (0, 1)
 * @param reward the reward model r
 */
public record SuperquantileTerm(double weight, double beta, RewardModel reward) implements UtilityTerm {

  /** Config type. */
  public static final String TYPE = "superquantile";
  static final Set<String> KEYS = Set.of("type", "weight", "beta", "reward");

  static SuperquantileTerm parse(StrictConfig c, RewardConfig rewards) {
    return new SuperquantileTerm(c.nonNegative("weight"),
        c.number("beta", 0, true, 1, true, "a quantile level in (0, 1)"),
        rewards.parse(c.object("reward")));
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
    double q = statistics.quantiles(reward).quantile(beta);
    return List.of(LinearizedTerm.newBuilder().setLabel(TYPE).setWeight(weight)
        .setRewardGradient(RewardGradient.newBuilder().setReward(reward)
            .setAbove(Gate.newBuilder().setThreshold(q).setScale(1 / (1 - beta))))
        .build());
  }

  @Override
  public OptionalDouble value(StatisticsSnapshot statistics) {
    return statistics.hasRewards(reward)
        ? OptionalDouble.of(statistics.quantiles(reward).superquantile(beta).mean())
        : OptionalDouble.empty();
  }

  /** value, quantile q_β, tail-count (samples with r ≥ q_β) and sample-count. */
  @Override
  public Map<String, Double> metrics(StatisticsSnapshot statistics) {
    return CvarTerm.TailMetrics.of(statistics.hasRewards(reward)
        ? statistics.quantiles(reward).superquantile(beta) : null);
  }

  @Override
  public Map<String, Object> toConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("weight", weight);
    m.put("beta", beta);
    m.put("reward", RewardConfig.render(reward));
    return m;
  }
}
