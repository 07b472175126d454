package dev.fdc.numerics.random;

/**
 * What a random stream is for. Each purpose has a fixed id that enters the stream's key, so that
 * reordering this enum never changes a run's numbers.
 */
public enum Purpose {
    /** X_0 ~ N(0, I) of sampled trajectories. */
    INITIAL_NOISE(1),
    /** ε_t of the memoryless SDE. */
    SDE_NOISE(2),
    /** The random part of the Adjoint Matching time subset. */
    TIME_SUBSET(3),
    /** Initial network parameters. */
    PARAMETER_INIT(4),
    /** Data points drawn from a built-in dataset. */
    DATASET(5),
    /** Noise endpoints of flow-matching pairs. */
    FLOW_MATCHING_NOISE(6),
    /** Interpolation times of flow-matching pairs. */
    FLOW_MATCHING_TIME(7),
    /** Hutchinson trace probes. */
    HUTCHINSON(8),
    /** Samples drawn to estimate statistics of the current model. */
    STATISTICS(9),
    /** Critic training (Wasserstein-1). */
    CRITIC(10),
    /** Evaluation samples for metrics. */
    EVALUATION(11),
    /** Tests and benchmarks. */
    TEST(12);

    private final int id;

    Purpose(int id) {
        this.id = id;
    }

    /** The stable id that enters stream keys. */
    public int id() {
        return id;
    }
}
