package dev.fdc.gpu.reward.linearized;

import dev.fdc.gpu.reward.AnalyticRewards;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.protocol.v1.RewardModel;

/** Turns a {@link RewardModel} message into the reward r(x) that a {@code RewardGradient} term differentiates. */
@FunctionalInterface
public interface RewardModelResolver {

    /** The reward the message describes. */
    TerminalReward resolve(RewardModel model);

    /**
     * Analytic landscapes only ({@link AnalyticRewards}); TorchScript rewards are refused with a
     * message saying that a resolver that can load them must be supplied.
     */
    static RewardModelResolver analyticOnly() {
        return model -> switch (model.getKindCase()) {
            case ANALYTIC -> AnalyticRewards.create(model.getAnalytic());
            case TORCHSCRIPT ->
                throw new IllegalArgumentException(
                        "TorchScript reward '"
                                + model.getTorchscript().getModel().getContentId()
                                + "' needs a RewardModelResolver that loads TorchScript; this evaluator has the analytic-only one");
            default ->
                throw new IllegalArgumentException("reward model has no kind (expected analytic or torchscript)");
        };
    }
}
