package dev.fdc.gpu.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.numerics.random.CounterRng;

/** Standard normal arrays drawn in Java from a counter-based stream, then copied to the engine. */
public final class Noise {

    private Noise() {}

    /** An array of the given shape and type filled with N(0, 1) draws from {@code rng}. */
    public static NDArray gaussian(NDManager manager, CounterRng rng, Shape shape, DataType dtype) {
        int n = Math.toIntExact(shape.size());
        if (dtype == DataType.FLOAT64) {
            double[] v = new double[n];
            rng.fillGaussian(v);
            return OwnedArrays.of(manager, v, shape);
        }
        float[] v = new float[n];
        rng.fillGaussian(v);
        return OwnedArrays.of(manager, v, shape, dtype);
    }
}
