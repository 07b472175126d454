package dev.fdc.protocol;

/**
 * The names under which result tensors travel ({@code TensorInfo.name}, {@code ResultChunk.tensor})
 * and are read back: one constant per tensor, shared by the worker that writes it and the
 * coordinator that reads it.
 */
public final class TensorNames {

    /** The AM gradient, flat, in parameter order (as {@code GradientChunk}s). */
    public static final String GRADIENT = "gradient";
    /** Rewards r(x_i) of a statistics task's samples, [n]. */
    public static final String REWARDS = "rewards";
    /** The samples themselves, row-major [n, d]. */
    public static final String SAMPLES = "samples";
    /** Feature rows Φ(x_i), row-major [n, p]. */
    public static final String FEATURES = "features";
    /** log p_{k−1}(x_i) from the probability-flow ODE, [n]. */
    public static final String LOG_P = "log_p";
    /** log p_pre(x_i) at the same points, [n]. */
    public static final String LOG_P_PRE = "log_p_pre";
    /** A trained Wasserstein-1 critic's flat parameters. */
    public static final String CRITIC_PARAMETERS = "critic_parameters";

    private TensorNames() {}
}
