package dev.fdc.gpu.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.Times;
import dev.fdc.numerics.optim.Adam;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;

/**
 * Conditional flow matching (Lipman et al., 2023) for fdc's own models on the linear schedule:
 * with X_0 ~ N(0, I), X_1 ~ data, t ~ U[0, 1] and X_t = t X_1 + (1 − t) X_0, minimize
 *
 * <pre>  E ‖v_θ(X_t, t) − (X_1 − X_0)‖²</pre>
 *
 * with Adam. Every batch comes from counter-based streams keyed by (seed, step), so a run is
 * reproducible and can be resumed at any step.
 */
public final class FlowMatchingTrainer {

    /** Hyper-parameters of a pre-training run. */
    public record Config(int steps, int batch, double learningRate, long seed) {
        /** Validates. */
        public Config {
            if (steps < 1 || batch < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("pre-training needs steps ≥ 1, batch ≥ 1, learning rate > 0; got "
                        + steps + ", " + batch + ", " + learningRate);
            }
        }
    }

    /** Progress callback: step index (1-based) and that step's loss. */
    public interface Listener {
        void onStep(int step, double loss);
    }

    private FlowMatchingTrainer() {}

    /** Trains {@code model} in place on {@code data}; returns the mean loss of the last 100 steps. */
    public static double train(
            MlpVelocityField model, Dataset2D data, Config config, NDManager scope, Listener listener) {
        if (model.dim() != 2) {
            throw new IllegalArgumentException("built-in datasets are 2-D; the model has dimension " + model.dim());
        }
        ParameterSet params = model.parameters();
        float[] theta = params.toFlat();
        Adam adam = Adam.standard(theta.length);
        int b = config.batch();
        double recent = 0;
        int recentCount = 0;
        params.setRequiresGradient(true);
        try {
            for (int step = 0; step < config.steps(); step++) {
                float[] x1 = data.sample(b, CounterRng.of(config.seed(), Purpose.DATASET, step));
                float[] x0 = new float[2 * b];
                CounterRng.of(config.seed(), Purpose.FLOW_MATCHING_NOISE, step).fillGaussian(x0);
                float[] t = new float[b];
                CounterRng.of(config.seed(), Purpose.FLOW_MATCHING_TIME, step).fillUniform(t);
                float[] xt = new float[2 * b];
                float[] target = new float[2 * b];
                double[] times = new double[b];
                for (int i = 0; i < b; i++) {
                    times[i] = t[i];
                    for (int k = 0; k < 2; k++) {
                        int p = 2 * i + k;
                        xt[p] = t[i] * x1[p] + (1 - t[i]) * x0[p];
                        target[p] = x1[p] - x0[p];
                    }
                }
                double loss;
                try (NDManager it = scope.newSubManager();
                        Autograd.Mode ignored = Autograd.enabled()) {
                    NDArray x = OwnedArrays.of(it, xt, new Shape(b, 2), model.dataType());
                    NDArray y = OwnedArrays.of(it, target, new Shape(b, 2), model.dataType());
                    NDArray diff = model.velocity(x, Times.perRow(times)).sub(y);
                    NDArray l = diff.mul(diff).sum(new int[] {1}).mean();
                    Autograd.backward(l);
                    loss = l.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                            .getDouble();
                }
                adam.step(theta, params.takeGradient(), config.learningRate());
                params.fromFlat(theta);
                if (step >= config.steps() - 100) {
                    recent += loss;
                    recentCount++;
                }
                if (listener != null) {
                    listener.onStep(step + 1, loss);
                }
            }
        } finally {
            params.setRequiresGradient(false);
        }
        return recent / recentCount;
    }
}
