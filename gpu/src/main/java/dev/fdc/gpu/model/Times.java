package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.Scalars;
import java.util.function.DoubleUnaryOperator;

/**
 * The flow times of a batch of rows: one time for all rows (a sampler step), or one per row (the
 * Adjoint Matching loss evaluates all its time points in one batch). Times live in Java, so
 * schedule coefficients are computed exactly in double and sent to the engine once per call.
 */
public final class Times {

    private final int rows;
    private final double uniform;
    private final double[] perRow;

    private Times(int rows, double uniform, double[] perRow) {
        this.rows = rows;
        this.uniform = uniform;
        this.perRow = perRow;
    }

    /** The same time t for {@code rows} rows. */
    public static Times uniform(double t, int rows) {
        return new Times(rows, t, null);
    }

    /** One time per row. */
    public static Times perRow(double[] t) {
        return new Times(t.length, Double.NaN, t.clone());
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** True when every row has the same time. */
    public boolean isUniform() {
        return perRow == null;
    }

    /** The time of row i. */
    public double at(int i) {
        return perRow == null ? uniform : perRow[i];
    }

    /** The shared time; only for uniform times. */
    public double value() {
        if (perRow != null) {
            throw new IllegalStateException("times differ per row");
        }
        return uniform;
    }

    /** f(t) as a [rows, 1] column in {@code manager} (the column to scale rows with). */
    public NDArray column(NDManager manager, DataType dtype, DoubleUnaryOperator f) {
        Shape shape = new Shape(rows, 1);
        if (perRow == null) {
            return manager.full(shape, (float) f.applyAsDouble(uniform), dtype);
        }
        if (dtype == DataType.FLOAT64) {
            double[] out = new double[rows];
            for (int i = 0; i < rows; i++) {
                out[i] = f.applyAsDouble(perRow[i]);
            }
            return OwnedArrays.of(manager, out, shape);
        }
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = (float) f.applyAsDouble(perRow[i]);
        }
        return OwnedArrays.of(manager, out, shape, dtype);
    }

    /** Multiplies each row of x by f(t) of that row; the result is in x's manager. */
    public NDArray scale(NDArray x, DoubleUnaryOperator f) {
        if (perRow == null) {
            return Scalars.mul(x, f.applyAsDouble(uniform));
        }
        try (NDArray c = column(x.getManager(), x.getDataType(), f)) {
            return x.mul(c);
        }
    }
}
