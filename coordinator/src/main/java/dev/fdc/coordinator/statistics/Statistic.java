package dev.fdc.coordinator.statistics;

/** A kind of statistic of the current iterate p_{k−1} that an objective term may need. */
public enum Statistic {
    /** Rewards r(x) of fresh samples, pooled over all workers (quantiles, means, variances). */
    REWARDS,
    /** Feature second-moment matrices E[ΦΦᵀ] of a named feature map. */
    FEATURE_MOMENTS,
    /** log p_{k−1}(x) and log p_pre(x) at samples x ~ p_{k−1} (reverse probability-flow ODE). */
    LOG_DENSITIES,
    /** A Wasserstein-1 critic trained on samples of p_{k−1} and p_pre, with its value and noise floor. */
    CRITIC,
    /** Stored sample sets of p_{k−1} and p_pre (content ids), e.g. for the MMD witness. */
    SAMPLE_SETS
}
