package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.torchscript.Bf16Cast;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected network h_{i+1} = act(h_i W_iᵀ + b_i), linear last layer, with its
 * parameters in its own manager. Initialized like PyTorch's {@code nn.Linear}
 * (U(−1/√in, 1/√in) for weights and biases) from a counter-based stream, optionally with a zero
 * last layer (a residual that starts at zero). The forward pass computes in float32, or, in a
 * {@link #inPrecision bf16 view}, in bfloat16 from the same float32 parameters.
 */
public final class Mlp implements AutoCloseable {

    private final MlpSpec spec;
    private final NDManager manager;
    private final NDArray[] weights;
    private final NDArray[] biases;
    private final ParameterSet parameters;
    private final Precision precision;
    private final boolean owner;

    private Mlp(MlpSpec spec, NDManager manager, NDArray[] weights, NDArray[] biases, Precision precision) {
        this.spec = spec;
        this.manager = manager;
        this.weights = weights;
        this.biases = biases;
        List<ParameterSet.Parameter> ps = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            ps.add(new ParameterSet.Parameter((2 * i) + ".weight", weights[i]));
            ps.add(new ParameterSet.Parameter((2 * i) + ".bias", biases[i]));
        }
        this.parameters = new ParameterSet(ps);
        this.precision = precision;
        this.owner = true;
    }

    /** A view of {@code of} computing in {@code precision}, owning nothing. */
    private Mlp(Mlp of, Precision precision) {
        this.spec = of.spec;
        this.manager = of.manager;
        this.weights = of.weights;
        this.biases = of.biases;
        this.parameters = of.parameters;
        this.precision = precision;
        this.owner = false;
    }

    /**
     * A new network with parameters in a sub-manager of {@code parent}.
     *
     * @param seed seeds the initialization stream
     * @param zeroLastLayer start the last layer at zero (the network then outputs 0)
     */
    public static Mlp create(MlpSpec spec, NDManager parent, DataType dtype, long seed, boolean zeroLastLayer) {
        NDManager m = parent.newSubManager();
        int[] w = spec.widths();
        int layers = w.length - 1;
        NDArray[] weights = new NDArray[layers];
        NDArray[] biases = new NDArray[layers];
        for (int i = 0; i < layers; i++) {
            int in = w[i];
            int out = w[i + 1];
            boolean zero = zeroLastLayer && i == layers - 1;
            CounterRng rng = CounterRng.of(seed, Purpose.PARAMETER_INIT, i);
            double bound = 1.0 / Math.sqrt(in);
            weights[i] = uniform(m, rng, new Shape(out, in), bound, zero, dtype);
            biases[i] = uniform(m, rng, new Shape(out), bound, zero, dtype);
        }
        return new Mlp(spec, m, weights, biases, Precision.FP32);
    }

    private static NDArray uniform(
            NDManager m, CounterRng rng, Shape shape, double bound, boolean zero, DataType dtype) {
        int n = Math.toIntExact(shape.size());
        double[] v = new double[n];
        if (!zero) {
            for (int i = 0; i < n; i++) {
                v[i] = (2.0 * rng.nextDouble() - 1.0) * bound;
            }
        }
        return OwnedArrays.of(m, v, shape, dtype);
    }

    /** The architecture. */
    public MlpSpec spec() {
        return spec;
    }

    /**
     * The network's output for float32 (or float64) input rows u [B, in], of u's type; the result
     * is in u's manager.
     */
    public NDArray forward(NDArray u) {
        if (precision == Precision.BF16) {
            return forwardBf16(u);
        }
        NDArray h = u;
        int last = weights.length - 1;
        for (int i = 0; i <= last; i++) {
            h = Linear.linear(h, weights[i], biases[i]).singletonOrThrow();
            if (i < last) {
                h = spec.activation().apply(h);
            }
        }
        return h;
    }

    /** u and the parameters cast to bf16 in one call, the layers in bf16, the output back in fp32. */
    private NDArray forwardBf16(NDArray u) {
        if (u.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("a bf16 network takes float32 inputs, got " + u.getDataType());
        }
        int layers = weights.length;
        NDArray[] in = new NDArray[1 + 2 * layers];
        in[0] = u;
        for (int i = 0; i < layers; i++) {
            in[1 + 2 * i] = weights[i];
            in[2 + 2 * i] = biases[i];
        }
        NDArray[] c = Bf16Cast.toBf16(in);
        NDArray h = c[0];
        for (int i = 0; i < layers; i++) {
            h = Linear.linear(h, c[1 + 2 * i], c[2 + 2 * i]).singletonOrThrow();
            if (i < layers - 1) {
                h = spec.activation().apply(h);
            }
        }
        return Bf16Cast.toFloat32(h);
    }

    /**
     * This network computing in {@code p}: itself for its own precision, else a view sharing its
     * parameters (gradients of a bf16 forward reach the float32 parameters). Closing a view
     * releases nothing; close the network it came from.
     *
     * @throws IllegalArgumentException for bf16 on parameters that are not float32
     */
    public Mlp inPrecision(Precision p) {
        if (p == precision) {
            return this;
        }
        if (p == Precision.BF16 && dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("bf16 compute needs float32 master parameters, got " + dataType());
        }
        return new Mlp(this, p);
    }

    /** The precision the forward pass computes in. */
    public Precision precision() {
        return precision;
    }

    /** The parameters, named like PyTorch's {@code nn.Sequential}. */
    public ParameterSet parameters() {
        return parameters;
    }

    /** The element type of the parameters. */
    public DataType dataType() {
        return weights[0].getDataType();
    }

    /** An independent copy with the same values and precision, in a sub-manager of {@code parent}. */
    public Mlp copy(NDManager parent) {
        NDManager m = parent.newSubManager();
        NDArray[] w = new NDArray[weights.length];
        NDArray[] b = new NDArray[biases.length];
        try (dev.fdc.gpu.Autograd.Mode ignored = dev.fdc.gpu.Autograd.disabled()) {
            for (int i = 0; i < weights.length; i++) {
                w[i] = weights[i].duplicate();
                w[i].attach(m);
                b[i] = biases[i].duplicate();
                b[i].attach(m);
            }
        }
        return new Mlp(spec, m, w, b, precision);
    }

    @Override
    public void close() {
        if (owner) {
            manager.close();
        }
    }
}
