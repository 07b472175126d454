package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;

/** c · r(x): the terminal reward g_k / η_k of a mirror step. */
public final class ScaledReward implements TerminalReward {

    private final TerminalReward reward;
    private final double factor;

    /** factor · reward. */
    public ScaledReward(TerminalReward reward, double factor) {
        this.reward = reward;
        this.factor = factor;
    }

    @Override
    public NDArray value(NDArray x) {
        return reward.value(x).mul(factor);
    }

    @Override
    public NDArray gradient(NDArray x) {
        return reward.gradient(x).mul(factor);
    }
}
