package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.OwnedArrays;

/**
 * A reward that rises smoothly toward one corner and saturates there (the Wasserstein-1
 * experiment: a reward pulling mass away from the pre-trained law, against a transport cost):
 *
 * <pre>
 *   r(x) = scale · s · tanh(uᵀx / s),   ∇r(x) = scale · u · (1 − tanh²(uᵀx / s))
 * </pre>
 *
 * Near the origin r ≈ scale · uᵀx (linear); beyond |uᵀx| ≈ 2s it is flat at ±scale · s.
 * Parameters (analytic name {@code corner}): vector {@code direction} u (default (1, 1), the
 * upper-right corner; its length fixes the dimension), {@code scale} (default 1),
 * {@code saturation} s (default 3, &gt; 0).
 */
public final class CornerReward implements TerminalReward {

    private final double[] direction;
    private final double scale;
    private final double saturation;

    /** scale · s · tanh(uᵀx / s). */
    public CornerReward(double[] direction, double scale, double saturation) {
        if (!(saturation > 0)) {
            throw new IllegalArgumentException("corner reward needs saturation > 0, got " + saturation);
        }
        this.direction = direction.clone();
        this.scale = scale;
        this.saturation = saturation;
    }

    @Override
    public NDArray value(NDArray x) {
        return projection(x).div(saturation).tanh().mul(scale * saturation);
    }

    @Override
    public NDArray gradient(NDArray x) {
        NDArray th = projection(x).div(saturation).tanh();
        NDArray slope = th.square().neg().add(1).mul(scale).expandDims(1); // [B, 1]
        return slope.mul(u(x).reshape(1, direction.length));
    }

    private NDArray projection(NDArray x) {
        Planar.requireDim(x, direction.length, "corner");
        return x.matMul(u(x)).reshape(-1);
    }

    private NDArray u(NDArray x) {
        return OwnedArrays.of(x.getManager(), direction, new Shape(direction.length, 1), x.getDataType());
    }
}
