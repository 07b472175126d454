package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.LinearizedTerm;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One term of G(p) = Σ_i w_i F_i(p) − Σ_j α_j D_j(p ‖ p_pre) (MATH.md §5): a utility F with weight
 * w ≥ 0 or a divergence D with weight α ≥ 0. Given the statistics of p_{k−1} it produces the
 * {@link LinearizedTerm}s whose weighted gradients sum to its share of ∇_x δG(p_{k−1}), with the
 * signed weight already applied (utilities +w, divergences −α, times the term's own sign, e.g. −1
 * for the entropy's −s_{k−1}).
 */
public interface ObjectiveTerm {

    /** The config {@code type} and the {@code LinearizedTerm.label}, e.g. "cvar". */
    String type();

    /** Whether this is a divergence D (enters G with −α) rather than a utility F (enters with +w). */
    boolean isDivergence();

    /** w for a utility, α for a divergence; ≥ 0. */
    double coefficient();

    /** The weight of this term's value in G: +w or −α. */
    default double signedWeight() {
        return isDivergence() ? -coefficient() : coefficient();
    }

    /** The statistics of p_{k−1} this term needs (to linearize, and optionally for its value). */
    StatisticsNeeds needs();

    /**
     * The linearized terms of this term at p_{k−1}; empty when the term sits this step out (the
     * Wasserstein-1 critic below its noise floor).
     *
     * @throws IllegalStateException if the snapshot lacks a statistic declared in {@link #needs()}
     */
    List<LinearizedTerm> linearize(StatisticsSnapshot statistics);

    /** The estimate of F(p_{k−1}) or D(p_{k−1} ‖ p_pre) from the statistics, when they allow one. */
    OptionalDouble value(StatisticsSnapshot statistics);

    /** Metrics of this term: its value when known, plus term-specific ones (tail counts ...). */
    default Map<TermMetric, Double> metrics(StatisticsSnapshot statistics) {
        Map<TermMetric, Double> m = new EnumMap<>(TermMetric.class);
        value(statistics).ifPresent(v -> m.put(TermMetric.VALUE, v));
        return m;
    }

    /** This term as a config object (the inverse of parsing, {@code type} included). */
    Map<String, Object> toConfig();
}
