package dev.fdc.coordinator.run;

import dev.fdc.coordinator.objective.Objective;
import dev.fdc.coordinator.objective.TermMetrics;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The statistics of p_{k−1} measured at the start of mirror step k (one {@code "mirror"} line of
 * {@code metrics.jsonl}); after the last step, the final estimate of p_K ({@code finalEstimate},
 * {@code mirrorStep = K + 1}, no η).
 *
 * @param mirrorStep k
 * @param eta η_k (NaN for the final estimate)
 * @param finalEstimate whether this measures p_K after the last mirror step
 * @param objective G(p_{k−1}), when every term's value is known
 * @param terms every term's metrics, in config order
 */
public record MirrorStepRecord(
        int mirrorStep, double eta, boolean finalEstimate, OptionalDouble objective, List<TermMetrics> terms) {

    /** Copies the terms. */
    public MirrorStepRecord {
        terms = List.copyOf(terms);
    }

    /** The record of mirror step k from the objective and the snapshot of p_{k−1}. */
    static MirrorStepRecord of(int k, double eta, boolean finalEstimate, Objective objective, StatisticsSnapshot s) {
        return new MirrorStepRecord(k, eta, finalEstimate, objective.value(s), objective.termMetrics(s));
    }
}
