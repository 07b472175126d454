package dev.fdc.gpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays made from Java values whose memory belongs to libtorch. Every array fdc creates from a
 * Java array goes through here, never through {@code NDManager.create(float[], ...)} directly.
 *
 * <p>Why: on the CPU, DJL's {@code create} copies the values into a direct {@code ByteBuffer} and
 * wraps that buffer with {@code torch::from_blob}, without a deleter; only the Java {@code
 * PtNDArray} keeps the buffer alive, and {@code close()} drops it. Any libtorch tensor still
 * sharing that storage (a view, or a tensor autograd saved for the backward pass) then points at
 * memory the JVM frees at its next GC and hands to the next direct allocation of any thread. In
 * fdc this corrupted AM gradients when a σ column used in the loss was closed right after the
 * forward pass: the loss was right, the gradient read another thread's memory (the "two-worker
 * gradient race"). Cloning the blob into libtorch-owned storage and closing the blob at once makes
 * the lifetime of the values that of the tensor, whatever is closed when.
 */
public final class OwnedArrays {

    private OwnedArrays() {}

    /** float32 values of the given shape, in {@code manager}. */
    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        return own(manager.create(values, shape));
    }

    /** float32 values as a 1-D array, in {@code manager}. */
    public static NDArray of(NDManager manager, float[] values) {
        return of(manager, values, new Shape(values.length));
    }

    /** float64 values of the given shape, in {@code manager}. */
    public static NDArray of(NDManager manager, double[] values, Shape shape) {
        return own(manager.create(values, shape));
    }

    /** float32 values converted to {@code dtype}, of the given shape, in {@code manager}. */
    public static NDArray of(NDManager manager, float[] values, Shape shape, DataType dtype) {
        return convert(manager.create(values, shape), dtype);
    }

    /** float64 values converted to {@code dtype}, of the given shape, in {@code manager}. */
    public static NDArray of(NDManager manager, double[] values, Shape shape, DataType dtype) {
        return convert(manager.create(values, shape), dtype);
    }

    private static NDArray convert(NDArray blob, DataType dtype) {
        if (blob.getDataType() == dtype) {
            return own(blob);
        }
        try (blob) {
            return blob.toType(dtype, true); // a conversion allocates libtorch-owned memory
        }
    }

    private static NDArray own(NDArray blob) {
        if (blob.getDevice().isGpu()) {
            return blob; // the native side already copied the values to the device
        }
        try (blob) {
            return blob.duplicate();
        }
    }
}
