package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;

/**
 * s(x, t_eval) = (v(x, t_eval) − κ x) / η of the frozen base θ_{k−1} or of the pre-trained model
 * (entropy: weight −1 on BASE; KL: +1 on BASE and −1 on PRE, MATH.md §5). No cheap potential
 * (it would be log p_t): the value is 0.
 */
final class ScoreTerm implements TermEvaluator {

    private final VelocityField model;
    private final double time;

    ScoreTerm(VelocityField model, double time, String label) {
        if (!(time > 0 && time < 1)) {
            throw new IllegalArgumentException(
                    "term '" + label + "' (score) needs 0 < t_eval < 1 (MATH.md §5: 1 − ε), got " + time);
        }
        this.model = model;
        this.time = time;
    }

    @Override
    public NDArray gradient(NDArray x) {
        try (Autograd.Mode ignored = Autograd.disabled()) {
            return model.score(
                    x, Times.uniform(time, Math.toIntExact(x.getShape().get(0))));
        }
    }

    @Override
    public NDArray value(NDArray x) {
        return x.getManager().zeros(new ai.djl.ndarray.types.Shape(x.getShape().get(0)), x.getDataType());
    }
}
