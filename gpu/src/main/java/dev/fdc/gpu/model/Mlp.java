package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected network h_{i+1} = act(h_i W_iᵀ + b_i), linear last layer, with its
 * parameters in its own manager. Initialized like PyTorch's {@code nn.Linear}
 * (U(−1/√in, 1/√in) for weights and biases) from a counter-based stream, optionally with a zero
 * last layer (a residual that starts at zero).
 */
public final class Mlp implements AutoCloseable {

    private final MlpSpec spec;
    private final NDManager manager;
    private final NDArray[] weights;
    private final NDArray[] biases;
    private final ParameterSet parameters;

    private Mlp(MlpSpec spec, NDManager manager, NDArray[] weights, NDArray[] biases) {
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
        return new Mlp(spec, m, weights, biases);
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

    /** The network's output for input rows u [B, in]; the result is in u's manager. */
    public NDArray forward(NDArray u) {
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

    /** The parameters, named like PyTorch's {@code nn.Sequential}. */
    public ParameterSet parameters() {
        return parameters;
    }

    /** The element type of the parameters. */
    public DataType dataType() {
        return weights[0].getDataType();
    }

    /** An independent copy with the same values, in a sub-manager of {@code parent}. */
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
        return new Mlp(spec, m, w, b);
    }

    @Override
    public void close() {
        manager.close();
    }
}
