package dev.fdc.coordinator.objective;

/**
 * A metric an objective term reports about p_{k−1} at the start of mirror step k, with its name in
 * {@code metrics.jsonl} (snake_case) and whether it is a count (written as an integer).
 */
public enum TermMetric {
    /** The term's estimate of F(p) or D(p ‖ p_pre). */
    VALUE("value", false),
    /** The pooled quantile q_β of a tail term. */
    QUANTILE("quantile", false),
    /** Samples in a tail term's tail (ties at q_β included). */
    TAIL_COUNT("tail_count", true),
    /** Samples the tail term's statistics came from. */
    SAMPLE_COUNT("sample_count", true),
    /** The Wasserstein critic's noise floor (its |value| at k = 1, where p = p_pre). */
    NOISE_FLOOR("noise_floor", false),
    /** 1 when a Wasserstein term is linearized this step (its value exceeds the noise floor), else 0. */
    ACTIVE("active", true);

    private final String key;
    private final boolean count;

    TermMetric(String key, boolean count) {
        this.key = key;
        this.count = count;
    }

    /** The name in {@code metrics.jsonl}. */
    public String key() {
        return key;
    }

    /** Whether the value is a count (an integer). */
    public boolean isCount() {
        return count;
    }
}
