package dev.fdc.gpu.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.DjlRuntime;

/** Small helpers for tests that touch the engine. */
public final class Engines {

    private Engines() {}

    /** A fresh root manager; close it at the end of the test. */
    public static NDManager manager() {
        return DjlRuntime.newManager("test");
    }

    /** A [rows, cols] array of the given values and type. */
    public static NDArray matrix(NDManager m, DataType dtype, int rows, int cols, double... values) {
        return m.create(values, new Shape(rows, cols)).toType(dtype, false);
    }
}
