package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.OwnedArrays;

/** r(x) = λ wᵀx, ∇r = λ w: the reward of MATH.md §7 case 1. */
public final class LinearReward implements TerminalReward {

    private final double[] direction;
    private final double scale;

    /** r(x) = scale · directionᵀ x. */
    public LinearReward(double[] direction, double scale) {
        this.direction = direction.clone();
        this.scale = scale;
    }

    @Override
    public NDArray value(NDArray x) {
        return x.matMul(column(x)).reshape(-1);
    }

    @Override
    public NDArray gradient(NDArray x) {
        return x.zerosLike().add(column(x).reshape(1, direction.length));
    }

    private NDArray column(NDArray x) {
        double[] w = new double[direction.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * direction[i];
        }
        return OwnedArrays.of(x.getManager(), w, new Shape(w.length, 1), x.getDataType());
    }
}
