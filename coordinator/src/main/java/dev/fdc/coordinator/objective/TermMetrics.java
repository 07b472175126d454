package dev.fdc.coordinator.objective;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What one term of G reports at the start of a mirror step.
 *
 * @param index the term's position in the config
 * @param type its config type ({@code cvar}, {@code kl}, ...)
 * @param signedWeight w_i for a utility, −α_j for a divergence
 * @param metrics the term's metrics, in {@link TermMetric} order
 */
public record TermMetrics(int index, String type, double signedWeight, Map<TermMetric, Double> metrics) {

    /** Copies the metrics into an unmodifiable map in {@link TermMetric} order. */
    public TermMetrics {
        EnumMap<TermMetric, Double> m = new EnumMap<>(TermMetric.class);
        m.putAll(metrics);
        metrics = Collections.unmodifiableMap(m);
    }

    /** The term's value, when its statistics allow one. */
    public OptionalDouble value() {
        Double v = metrics.get(TermMetric.VALUE);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
