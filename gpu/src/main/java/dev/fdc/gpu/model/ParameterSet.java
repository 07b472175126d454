package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named trainable parameters of a model in a fixed order, readable and writable as one flat
 * float array (the form the coordinator, the optimizer, checkpoints and the wire use).
 */
public final class ParameterSet {

    /** A named parameter array. */
    public record Parameter(String name, NDArray array) {
        /** Number of elements. */
        public int size() {
            return Math.toIntExact(array.size());
        }

        /** Shape as a long array. */
        public long[] shape() {
            return array.getShape().getShape();
        }
    }

    private static final NDIndex ALL = new NDIndex(":");

    private final List<Parameter> parameters;
    private final int size;

    /** A set over the given parameters, in order. */
    public ParameterSet(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        long n = 0;
        for (Parameter p : parameters) {
            n += p.array().size();
        }
        this.size = Math.toIntExact(n);
    }

    /** The empty set (analytic fields). */
    public static ParameterSet empty() {
        return new ParameterSet(Collections.emptyList());
    }

    /** The parameters in order. */
    public List<Parameter> list() {
        return parameters;
    }

    /** Total number of scalar parameters. */
    public int size() {
        return size;
    }

    /** The names in order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.name());
        }
        return out;
    }

    /** All values concatenated in order, as float32. */
    public float[] toFlat() {
        float[] out = new float[size];
        int off = 0;
        for (Parameter p : parameters) {
            float[] v = floats(p.array());
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }

    /** Overwrites all values from a flat array laid out as {@link #toFlat()}. */
    public void fromFlat(float[] flat) {
        if (flat.length != size) {
            throw new IllegalArgumentException(
                    "flat parameters have " + flat.length + " values, the model has " + size);
        }
        try (Autograd.Mode ignored = Autograd.disabled()) {
            int off = 0;
            for (Parameter p : parameters) {
                int n = p.size();
                // Copy through a temporary array and an indexed assignment: set(Buffer) works too but
                // makes libtorch print a deprecation warning on every process start.
                try (NDManager scratch = p.array().getManager().newSubManager()) {
                    NDArray src;
                    if (p.array().getDataType() == DataType.FLOAT64) {
                        double[] d = new double[n];
                        for (int i = 0; i < n; i++) {
                            d[i] = flat[off + i];
                        }
                        src = OwnedArrays.of(scratch, d, p.array().getShape());
                    } else {
                        src = OwnedArrays.of(
                                scratch,
                                java.util.Arrays.copyOfRange(flat, off, off + n),
                                p.array().getShape(),
                                p.array().getDataType());
                    }
                    p.array().set(ALL, src);
                }
                off += n;
            }
        }
    }

    /** Copies the values of another set with the same layout. */
    public void copyFrom(ParameterSet other) {
        fromFlat(other.toFlat());
    }

    /** Marks every parameter as requiring (or not) gradients. */
    public void setRequiresGradient(boolean requires) {
        for (Parameter p : parameters) {
            p.array().setRequiresGradient(requires);
        }
    }

    /**
     * The accumulated gradients concatenated in order (zeros where a parameter received none),
     * then zeroes them, ready for the next backward pass.
     */
    public float[] takeGradient() {
        float[] out = new float[size];
        int off = 0;
        for (Parameter p : parameters) {
            PtNDArray a = (PtNDArray) p.array();
            if (JniUtils.requiresGrad(a)) {
                PtNDArray g = JniUtils.getGradient(a); // null before the first backward pass
                if (g != null) {
                    try (g) {
                        float[] v = floats(g);
                        System.arraycopy(v, 0, out, off, v.length);
                    }
                    JniUtils.zeroGrad(a);
                }
            }
            off += p.size();
        }
        return out;
    }

    /** Zeroes accumulated gradients without reading them. */
    public void zeroGradients() {
        for (Parameter p : parameters) {
            PtNDArray a = (PtNDArray) p.array();
            if (JniUtils.requiresGrad(a)) {
                JniUtils.zeroGrad(a);
            }
        }
    }

    /** Values by name, as float32 arrays (for safetensors export). */
    public Map<String, float[]> toMap() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            out.put(p.name(), floats(p.array()));
        }
        return out;
    }

    /** The values of a float32 or float64 array as float32, without creating native arrays. */
    public static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        if (a.getDataType() == DataType.FLOAT64) {
            double[] d = a.toDoubleArray();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new IllegalArgumentException("expected a float32 or float64 array, got " + a.getDataType());
    }
}
