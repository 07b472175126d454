package dev.fdc.cli.output;

import dev.fdc.coordinator.objective.TermMetric;
import dev.fdc.coordinator.objective.TermMetrics;
import dev.fdc.coordinator.run.AmStepRecord;
import dev.fdc.coordinator.run.MirrorStepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of a run's records as {@code metrics.jsonl} lines: flat objects with snake_case keys
 * in a fixed order (the same in every run), integers for counts, booleans for flags and {@code
 * null} for values that are unknown or not finite (JSON has no NaN or ∞), so a line reads into
 * pandas as one row without cleaning.
 *
 * <ul>
 *   <li>{@code "am"} lines, one per optimizer update: {@code k}, {@code step} (n), then the
 *       components of {@link AmStepRecord} in order ({@code version}, {@code loss}, {@code
 *       reward_mean}, {@code control_cost}, {@code grad_norm}, {@code grad_clipped}, {@code staleness}, {@code
 *       loss_clip_threshold}, {@code samples}, {@code samples_clipped}, {@code applied}, {@code
 *       duplicates_dropped}, {@code stale_dropped});
 *   <li>{@code "mirror"} lines, one per estimation of p_{k−1} ({@code step} 0): {@code final} (the
 *       estimate of p_K after the last step), {@code eta}, {@code objective} G(p_{k−1}), then per
 *       term i of type T: {@code termI_T_weight} (w_i, or −α_j for a divergence) and {@code
 *       termI_T_METRIC} for each of its {@link TermMetric}s.
 * </ul>
 */
public final class MetricsLines {

    /** The phase of update lines. */
    public static final String AM = "am";
    /** The phase of mirror-step lines. */
    public static final String MIRROR = "mirror";

    private MetricsLines() {}

    /** The fields of an update's line, after {@code phase}, {@code k} and {@code step}. */
    public static Map<String, Object> am(AmStepRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("loss", r.loss());
        m.put("reward_mean", r.rewardMean());
        m.put("control_cost", r.controlCost());
        m.put("grad_norm", r.gradNorm());
        m.put("grad_clipped", r.gradClipped());
        m.put("staleness", r.staleness());
        m.put("loss_clip_threshold", r.lossClipThreshold());
        m.put("samples", r.samples());
        m.put("samples_clipped", r.samplesClipped());
        m.put("applied", r.applied());
        m.put("duplicates_dropped", r.duplicatesDropped());
        m.put("stale_dropped", r.staleDropped());
        return m;
    }

    /** The fields of a mirror step's line, after {@code phase}, {@code k} and {@code step}. */
    public static Map<String, Object> mirror(MirrorStepRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("final", r.finalEstimate());
        m.put("eta", r.eta());
        m.put("objective", r.objective().isPresent() ? r.objective().getAsDouble() : null);
        for (TermMetrics t : r.terms()) {
            String prefix = termPrefix(t);
            m.put(prefix + "weight", t.signedWeight());
            m.put(
                    prefix + TermMetric.VALUE.key(),
                    t.value().isPresent() ? t.value().getAsDouble() : null);
            t.metrics().forEach((metric, v) -> {
                if (metric != TermMetric.VALUE) {
                    m.put(prefix + metric.key(), metric.isCount() ? (Object) Math.round(v) : (Object) v);
                }
            });
        }
        return m;
    }

    /** {@code termI_TYPE_}: the key prefix of term I's fields. */
    public static String termPrefix(TermMetrics t) {
        return "term" + t.index() + "_" + t.type().replace('-', '_') + "_";
    }
}
