package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;

/**
 * The smoothed Euclidean norm, in any dimension:
 *
 * <pre>  r(x) = scale · √(‖x‖² + ε²),   ∇r(x) = scale · x / √(‖x‖² + ε²)</pre>
 *
 * Parameters (analytic name {@code norm}): {@code scale} (default 1), {@code epsilon} (default 1e-3,
 * &gt; 0), which makes r smooth at 0, where its gradient is 0.
 */
public final class NormReward implements TerminalReward {

    private final double scale;
    private final double epsilon;

    /** scale · √(‖x‖² + ε²). */
    public NormReward(double scale, double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("norm reward needs epsilon > 0, got " + epsilon);
        }
        this.scale = scale;
        this.epsilon = epsilon;
    }

    @Override
    public NDArray value(NDArray x) {
        return smoothNorm(x).mul(scale);
    }

    @Override
    public NDArray gradient(NDArray x) {
        return x.div(smoothNorm(x).expandDims(1)).mul(scale);
    }

    private NDArray smoothNorm(NDArray x) {
        return x.square().sum(new int[] {1}).add(epsilon * epsilon).sqrt();
    }
}
