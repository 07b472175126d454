package dev.fdc.gpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Array–scalar arithmetic that is safe to back-propagate through.
 *
 * <p>DJL's {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)}, ... wrap the
 * number in a 0-d array over a direct buffer ({@code from_blob}) and close it right after the op.
 * Autograd saves that scalar for the backward pass of {@code mul}, {@code div}, {@code maximum}
 * and {@code minimum}, so the backward pass later reads memory the JVM may have freed and reused
 * (see {@link OwnedArrays}). Inside a graph that is differentiated, use these instead; the scalar
 * is a libtorch-owned 0-d array of x's type. ({@code add}/{@code sub} of a number save nothing
 * and are safe either way.)
 */
public final class Scalars {

    private Scalars() {}

    /** The value v as a 0-d array of x's type, in x's manager (libtorch-owned memory). */
    public static NDArray like(NDArray x, double v) {
        DataType dtype = x.getDataType();
        if (dtype == DataType.FLOAT64) {
            return OwnedArrays.of(x.getManager(), new double[] {v}, new Shape());
        }
        return x.getManager().full(new Shape(), (float) v, dtype);
    }

    /** x · v. */
    public static NDArray mul(NDArray x, double v) {
        try (NDArray s = like(x, v)) {
            return x.mul(s);
        }
    }

    /** x / v. */
    public static NDArray div(NDArray x, double v) {
        try (NDArray s = like(x, v)) {
            return x.div(s);
        }
    }

    /** max(x, v) elementwise. */
    public static NDArray maximum(NDArray x, double v) {
        try (NDArray s = like(x, v)) {
            return x.maximum(s);
        }
    }
}
