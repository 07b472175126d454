package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;

/** Hidden-layer nonlinearities of {@link Mlp}. */
public enum Activation {
    /** max(0, x): the fixtures' networks; fastest on CPU. */
    RELU,
    /** libtorch's native GELU (erf form). */
    GELU,
    /** x · sigmoid(x), 2 ops (DJL has no native SiLU). */
    SILU,
    /** tanh(x); smooth, for critics. */
    TANH;

    /** Applies the activation; the result is in x's manager. */
    public NDArray apply(NDArray x) {
        switch (this) {
            case RELU:
                return ai.djl.nn.Activation.relu(x);
            case GELU:
                return ai.djl.nn.Activation.gelu(x);
            case SILU:
                return x.mul(ai.djl.nn.Activation.sigmoid(x));
            case TANH:
                return x.tanh();
            default:
                throw new AssertionError(this);
        }
    }

    /** Parses a config name ("relu", "gelu", "silu", "tanh"), naming the accepted values on error. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "', expected one of relu, gelu, silu, tanh");
    }
}
