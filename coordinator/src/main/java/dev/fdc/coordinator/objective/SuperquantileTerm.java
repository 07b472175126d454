package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Quantiles;
import dev.fdc.coordinator.statistics.Quantiles.TailEstimate;
import dev.fdc.protocol.v1.Gate;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
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
public record SuperquantileTerm(double weight, double beta, RewardModel reward) implements TailTerm {

    /** Config type. */
    public static final String TYPE = "superquantile";

    static final Set<String> KEYS = Set.of("type", "weight", "beta", "reward");

    static SuperquantileTerm parse(StrictConfig c, RewardConfig rewards) {
        return new SuperquantileTerm(
                c.nonNegative("weight"),
                c.number("beta", 0, true, 1, true, "a quantile level in (0, 1)"),
                rewards.parse(c.object("reward")));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TailEstimate tail(Quantiles quantiles) {
        return quantiles.superquantile(beta);
    }

    @Override
    public RewardGradient.Builder gate(RewardGradient.Builder gradient, double quantile) {
        return gradient.setAbove(Gate.newBuilder().setThreshold(quantile).setScale(1 / (1 - beta)));
    }
}
