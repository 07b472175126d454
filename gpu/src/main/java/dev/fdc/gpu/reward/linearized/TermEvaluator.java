package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;

/**
 * One term of a linearized reward, without its weight: ∇term(x) and, where a cheap potential
 * exists, its value. Results belong to x's manager.
 */
interface TermEvaluator extends AutoCloseable {

    /** ∇term(x) for x [B, d]: [B, d]. */
    NDArray gradient(NDArray x);

    /** A potential whose gradient is {@link #gradient} (up to a constant), or zeros where none is cheap: [B]. */
    NDArray value(NDArray x);

    /** Releases native memory the term holds (critic parameters). */
    @Override
    default void close() {}
}
