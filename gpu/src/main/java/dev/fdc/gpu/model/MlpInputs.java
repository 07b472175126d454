package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Builds the network input rows [x, time feature] shared by the MLP-based fields. */
final class MlpInputs {

    private MlpInputs() {}

    /** [x, f(t)] of shape [B, d + 1], in x's manager. */
    static NDArray withTime(NDArray x, Times t, TimeInput input) {
        NDArray col = t.column(x.getManager(), x.getDataType(), input::of);
        return x.concat(col, 1);
    }

    static NDList list(NDArray... a) {
        return new NDList(a);
    }
}
