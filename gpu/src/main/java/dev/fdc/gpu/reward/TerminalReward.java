package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;

/**
 * A terminal reward r(x) of generated points and its gradient, the input of one Adjoint Matching
 * problem. Results belong to x's manager.
 */
public interface TerminalReward {

    /** r(x) for x [B, d]: shape [B]. */
    NDArray value(NDArray x);

    /** ∇r(x) for x [B, d]: shape [B, d]. */
    NDArray gradient(NDArray x);
}
