package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Column access and shape checks shared by the analytic landscapes; every result is in x's manager. */
final class Planar {

    private Planar() {}

    /** Refuses x unless it is [B, d]. */
    static void requireDim(NDArray x, int d, String name) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != d) {
            throw new IllegalArgumentException("reward '" + name + "' is defined on rows of dimension " + d
                    + ", got an array of shape " + x.getShape());
        }
    }

    /** Column i of x [B, d] as a vector [B]. */
    static NDArray column(NDArray x, int i) {
        return x.get(":, " + i);
    }

    /** [B, 2] from two [B] columns. */
    static NDArray rows(NDArray first, NDArray second) {
        return NDArrays.stack(new ai.djl.ndarray.NDList(first, second), 1);
    }

    /** The logistic function 1 / (1 + e^{−z}). */
    static NDArray logistic(NDArray z) {
        return ai.djl.nn.Activation.sigmoid(z);
    }
}
