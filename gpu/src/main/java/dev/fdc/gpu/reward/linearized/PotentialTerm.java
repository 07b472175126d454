package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.Potential;

/**
 * ∇_x φ(x) of a critic MLP φ: R^d → R (Wasserstein-1, MATH.md §5), by a vector–Jacobian product
 * with ones; the value is φ(x). The parameters come flat in {@code ParameterSet} order
 * ({@code 0.weight} [out, in] row-major, {@code 0.bias}, {@code 2.weight}, …), as
 * {@code dev.fdc.gpu.critic.CriticTrainer} returns them.
 */
final class PotentialTerm implements TermEvaluator {

    private final Mlp critic;

    PotentialTerm(Potential proto, float[] parameters, int dim, DataType dtype, NDManager parent, String label) {
        String where = "term '" + label + "' (potential)";
        MlpArchitecture a = proto.getCritic();
        if (a.getInputDim() != dim || a.getOutputDim() != 1) {
            throw new IllegalArgumentException(where + " needs a critic " + dim + " → … → 1, got input_dim "
                    + a.getInputDim() + ", output_dim " + a.getOutputDim());
        }
        int[] hidden = a.getHiddenList().stream().mapToInt(Integer::intValue).toArray();
        Activation act;
        try {
            act = Activation.parse(a.getActivation());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        MlpSpec spec = new MlpSpec(dim, hidden, 1, act);
        if (parameters.length != spec.parameterCount()) {
            throw new IllegalArgumentException(where + ": critic " + spec + " has " + spec.parameterCount()
                    + " parameters, content '" + proto.getParameters().getContentId() + "' holds " + parameters.length);
        }
        this.critic = Mlp.create(spec, parent, dtype, 0L, false);
        critic.parameters().fromFlat(parameters);
    }

    @Override
    public NDArray gradient(NDArray x) {
        NDArray ones =
                x.getManager().ones(new ai.djl.ndarray.types.Shape(x.getShape().get(0), 1), x.getDataType());
        return Autograd.vjp(critic::forward, x, ones, null);
    }

    @Override
    public NDArray value(NDArray x) {
        try (Autograd.Mode ignored = Autograd.disabled()) {
            return critic.forward(x).reshape(-1);
        }
    }

    @Override
    public void close() {
        critic.close();
    }
}
