package dev.fdc.gpu.critic;

import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;

/**
 * How {@link CriticTrainer} trains a Wasserstein-1 critic.
 *
 * @param spec the critic's architecture (d → hidden → 1)
 * @param steps Adam steps
 * @param batchSize rows of each sample set per step (drawn with replacement from the training half)
 * @param learningRate Adam's learning rate
 * @param penaltyWeight λ of the one-sided gradient penalty
 * @param groundMetric A of the ground metric ‖A(x − y)‖, flat row-major d×d, or {@code null} for the identity
 * @param seed seeds initialization, the split, batches and interpolates (purpose CRITIC)
 */
public record CriticConfig(
        MlpSpec spec,
        int steps,
        int batchSize,
        double learningRate,
        double penaltyWeight,
        double[] groundMetric,
        long seed) {

    /** Validates and copies. */
    public CriticConfig {
        if (spec.outputDim() != 1 || steps < 1 || batchSize < 1 || !(learningRate > 0) || !(penaltyWeight >= 0)) {
            throw new IllegalArgumentException(
                    "critic config needs one output, steps ≥ 1, batch ≥ 1, learning rate > 0 and " + "penalty ≥ 0; got "
                            + spec + ", " + steps + ", " + batchSize + ", " + learningRate + ", " + penaltyWeight);
        }
        int d = spec.inputDim();
        if (groundMetric != null && groundMetric.length != d * d) {
            throw new IllegalArgumentException(
                    "ground metric must be " + d + "×" + d + " (flat), got " + groundMetric.length + " values");
        }
        groundMetric = groundMetric == null ? null : groundMetric.clone();
    }

    /**
     * d → 64 → 64 → 1 tanh critic, 800 steps of batch 256, learning rate 2e-3, λ = 10, Euclidean
     * metric.
     */
    public static CriticConfig defaults(int dim, long seed) {
        return new CriticConfig(
                new MlpSpec(dim, new int[] {64, 64}, 1, Activation.TANH), 800, 256, 2e-3, 10, null, seed);
    }

    /** This config with ground metric A (flat row-major d×d). */
    public CriticConfig withGroundMetric(double[] a) {
        return new CriticConfig(spec, steps, batchSize, learningRate, penaltyWeight, a, seed);
    }

    /** This config with another number of steps. */
    public CriticConfig withSteps(int n) {
        return new CriticConfig(spec, n, batchSize, learningRate, penaltyWeight, groundMetric, seed);
    }

    @Override
    public double[] groundMetric() {
        return groundMetric == null ? null : groundMetric.clone();
    }
}
