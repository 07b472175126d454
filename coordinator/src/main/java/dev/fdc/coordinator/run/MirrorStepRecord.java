package dev.fdc.coordinator.run;

import java.util.Map;

/**
 * Metrics of the statistics of p_{k−1}, measured at the start of mirror step k (and of p_K after
 * the last step, with {@code mirrorStep = K + 1} and {@code eta = NaN}).
 *
 * @param mirrorStep k
 * @param eta η_k
 * @param metrics {@code Objective.metrics}: {@code objective} when known and
 *     {@code terms[i].TYPE.NAME} (values, tail counts, ...)
 */
public record MirrorStepRecord(int mirrorStep, double eta, Map<String, Double> metrics) {
    /** Copies the metrics. */
    public MirrorStepRecord {
        metrics = Map.copyOf(metrics);
    }
}
