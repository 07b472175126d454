package dev.fdc.gpu.critic;

import dev.fdc.gpu.model.MlpSpec;

/**
 * A trained Wasserstein-1 critic.
 *
 * @param spec its architecture
 * @param parameters flat parameters in {@code ParameterSet} order (what a {@code Potential} term's content holds)
 * @param value E_p φ − E_pre φ on the held-out halves: the W1 estimate
 * @param standardError the standard error of {@code value} from the held-out variances of φ
 *     (√(Var_p φ / n_p + Var_pre φ / n_pre)); a noise floor for the value is a few of these
 * @param trainValue E_p φ − E_pre φ on the training halves (over-fits: ≥ value in expectation)
 * @param penalty the gradient penalty's mean on the last step's interpolates
 * @param lipschitz L̂, the mean dual gradient norm on held-out interpolates before normalization
 *     (the critic was divided by it when it exceeded 1)
 */
public record CriticResult(
        MlpSpec spec,
        float[] parameters,
        double value,
        double standardError,
        double trainValue,
        double penalty,
        double lipschitz) {

    /** Copies the parameters. */
    public CriticResult {
        parameters = parameters.clone();
    }

    @Override
    public float[] parameters() {
        return parameters.clone();
    }
}
