package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Quantiles;
import dev.fdc.coordinator.statistics.Quantiles.TailEstimate;
import dev.fdc.protocol.v1.Gate;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import java.util.Set;

/**
 * Risk-averse CVaR_β(p) = E[r | r ≤ q_β] (lower tail), with
 * ∇_x δCVaR_β(x) = (1/β) ∇r(x) 1{r(x) ≤ q_β}: a {@code RewardGradient} gated below at the pooled
 * β-quantile q_β of p_{k−1} with scale 1/β.
 *
 * @param weight w ≥ 0
 * @param beta the quantile level β ∈ (0, 1)
 * @param reward the reward model r
 */
public record CvarTerm(double weight, double beta, RewardModel reward) implements TailTerm {

    /** Config type. */
    public static final String TYPE = "cvar";

    static final Set<String> KEYS = Set.of("type", "weight", "beta", "reward");

    static CvarTerm parse(StrictConfig c, RewardConfig rewards) {
        return new CvarTerm(
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
        return quantiles.cvar(beta);
    }

    @Override
    public RewardGradient.Builder gate(RewardGradient.Builder gradient, double quantile) {
        return gradient.setBelow(Gate.newBuilder().setThreshold(quantile).setScale(1 / beta));
    }
}
