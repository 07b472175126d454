package dev.fdc.gpu.critic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.fdc.gpu.Scalars;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.ParameterSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A critic φ: R^d → R, an {@link Mlp} with one output, and its input gradient ∇_x φ written out
 * as ordinary array operations (backpropagation by hand):
 *
 * <pre>
 *   z_i = h_i W_iᵀ + b_i,  h_{i+1} = act(z_i),  φ = z_L
 *   δ_L = W_L,  δ_i = (δ_{i+1} ⊙ act'(z_i)) W_i,  ∇_x φ = δ_0
 * </pre>
 *
 * Because ∇_x φ is built from differentiable operations, a loss that contains it (the gradient
 * penalty) back-propagates to the parameters with a plain first-order backward pass: no
 * {@code create_graph} is needed (see {@link CriticTrainer} for why that matters on DJL).
 */
public final class CriticNetwork implements AutoCloseable {

    private final Mlp mlp;
    private final NDArray[] weights;
    private final NDArray[] biases;

    private CriticNetwork(Mlp mlp) {
        this.mlp = mlp;
        List<ParameterSet.Parameter> ps = mlp.parameters().list();
        int layers = ps.size() / 2;
        this.weights = new NDArray[layers];
        this.biases = new NDArray[layers];
        for (int i = 0; i < layers; i++) {
            weights[i] = ps.get(2 * i).array();
            biases[i] = ps.get(2 * i + 1).array();
        }
    }

    /** A fresh critic (PyTorch-style initialization from {@code seed}) in a sub-manager of {@code parent}. */
    public static CriticNetwork create(MlpSpec spec, NDManager parent, DataType dtype, long seed) {
        if (spec.outputDim() != 1) {
            throw new IllegalArgumentException("a critic has one output, got " + spec);
        }
        return new CriticNetwork(Mlp.create(spec, parent, dtype, seed, false));
    }

    /** The architecture. */
    public MlpSpec spec() {
        return mlp.spec();
    }

    /** The parameters, in the flat order {@code PotentialTerm} reads. */
    public ParameterSet parameters() {
        return mlp.parameters();
    }

    /** φ(x) for x [B, d]: [B], in x's manager. */
    public NDArray value(NDArray x) {
        return mlp.forward(x).reshape(-1);
    }

    /** ∇_x φ(x) for x [B, d]: [B, d], in x's manager, differentiable with respect to the parameters. */
    public NDArray inputGradient(NDArray x) {
        Activation act = mlp.spec().activation();
        int last = weights.length - 1;
        List<NDArray> pre = new ArrayList<>();
        NDArray h = x;
        for (int i = 0; i < last; i++) {
            NDArray z = Linear.linear(h, weights[i], biases[i]).singletonOrThrow();
            pre.add(z);
            h = act.apply(z);
        }
        NDArray delta = x.getManager()
                .ones(new Shape(x.getShape().get(0), 1), x.getDataType())
                .matMul(weights[last]);
        for (int i = last - 1; i >= 0; i--) {
            delta = delta.mul(derivative(act, pre.get(i))).matMul(weights[i]);
        }
        return delta;
    }

    /** act'(z), differentiable in z (ReLU's is a 0/1 step, whose derivative is 0 as in libtorch). */
    static NDArray derivative(Activation act, NDArray z) {
        switch (act) {
            case TANH:
                return z.tanh().square().neg().add(1);
            case RELU:
                return z.gt(0).toType(z.getDataType(), false);
            case SILU: {
                NDArray s = ai.djl.nn.Activation.sigmoid(z);
                return s.mul(z.mul(s.neg().add(1)).add(1));
            }
            case GELU: {
                NDArray cdf = Scalars.mul(Scalars.mul(z, 1 / Math.sqrt(2)).erf().add(1), 0.5);
                NDArray pdf = Scalars.mul(Scalars.mul(z.square(), -0.5).exp(), 1 / Math.sqrt(2 * Math.PI));
                return cdf.add(z.mul(pdf));
            }
            default:
                throw new AssertionError(act);
        }
    }

    @Override
    public void close() {
        mlp.close();
    }
}
