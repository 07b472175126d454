package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.protocol.v1.RewardGradient;

/**
 * ∇r(x) · f(r(x)) with the per-sample factor f of MATH.md §5:
 *
 * <pre>
 *   unit:   f = 1                      potential r
 *   below:  f = c · 1{r ≤ q}  (CVaR)    potential c · min(r − q, 0)
 *   above:  f = c · 1{r ≥ q}  (SQ)      potential c · max(r − q, 0)
 *   affine: f = a + b r   (mean − λ var)  potential a r + b r² / 2
 * </pre>
 *
 * The potentials (the values this term reports) have exactly this gradient away from r = q.
 */
final class RewardGradientTerm implements TermEvaluator {

    private final TerminalReward reward;
    private final RewardGradient proto;

    RewardGradientTerm(TerminalReward reward, RewardGradient proto, String label) {
        if (proto.getFactorCase() == RewardGradient.FactorCase.FACTOR_NOT_SET) {
            throw new IllegalArgumentException(
                    "term '" + label + "' (reward_gradient) has no factor; expected unit, below, above or affine");
        }
        this.reward = reward;
        this.proto = proto;
    }

    @Override
    public NDArray gradient(NDArray x) {
        NDArray g = reward.gradient(x);
        if (proto.getFactorCase() == RewardGradient.FactorCase.UNIT) {
            return g;
        }
        NDArray r = reward.value(x);
        NDArray f = switch (proto.getFactorCase()) {
            case BELOW ->
                r.lte(proto.getBelow().getThreshold())
                        .toType(x.getDataType(), false)
                        .mul(proto.getBelow().getScale());
            case ABOVE ->
                r.gte(proto.getAbove().getThreshold())
                        .toType(x.getDataType(), false)
                        .mul(proto.getAbove().getScale());
            case AFFINE -> r.mul(proto.getAffine().getB()).add(proto.getAffine().getA());
            default -> throw new AssertionError(proto.getFactorCase());
        };
        return g.mul(f.reshape(-1, 1));
    }

    @Override
    public NDArray value(NDArray x) {
        NDArray r = reward.value(x);
        return switch (proto.getFactorCase()) {
            case UNIT -> r;
            case BELOW ->
                r.sub(proto.getBelow().getThreshold())
                        .minimum(0)
                        .mul(proto.getBelow().getScale());
            case ABOVE ->
                r.sub(proto.getAbove().getThreshold())
                        .maximum(0)
                        .mul(proto.getAbove().getScale());
            case AFFINE ->
                r.mul(proto.getAffine().getA())
                        .add(r.square().mul(0.5 * proto.getAffine().getB()));
            default -> throw new AssertionError(proto.getFactorCase());
        };
    }
}
