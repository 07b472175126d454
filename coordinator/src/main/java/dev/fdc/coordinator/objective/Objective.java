package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.LinearizedReward;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The objective G(p) = Σ_i w_i F_i(p) − Σ_j α_j D_j(p ‖ p_pre) (MATH.md §4–5), a weighted
 * composition of {@link ObjectiveTerm}s. At mirror step k it turns the statistics of p_{k−1} into
 * the terminal reward of that step's Adjoint Matching problem, r = g_k / η_k with
 * g_k = δG(p_{k−1}): one {@link LinearizedReward} holding every term's signed linearized terms and
 * {@code scale = 1/η_k}. Its gradient is the same weighted sum of the terms' gradients.
 */
public final class Objective {

    private final List<ObjectiveTerm> terms;

    /** G from its terms (at least one). */
    public Objective(List<ObjectiveTerm> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("an objective needs at least one term");
        }
        this.terms = List.copyOf(terms);
    }

    /** The terms, in config order. */
    public List<ObjectiveTerm> terms() {
        return terms;
    }

    /** The union of the terms' statistics needs. */
    public StatisticsNeeds needs() {
        StatisticsNeeds all = StatisticsNeeds.NONE;
        for (ObjectiveTerm t : terms) {
            all = all.merge(t.needs());
        }
        return all;
    }

    /**
     * The linearized reward g_k / η_k of mirror step k = {@code statistics.mirrorStep()}.
     *
     * @param eta η_k &gt; 0, the KL weight of this mirror step (its scale is 1/η_k)
     */
    public LinearizedReward linearize(StatisticsSnapshot statistics, double eta) {
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("mirror step size η_k must be finite and > 0, got " + eta);
        }
        LinearizedReward.Builder r = LinearizedReward.newBuilder().setScale(1 / eta);
        for (ObjectiveTerm t : terms) {
            r.addAllTerms(t.linearize(statistics));
        }
        return r.build();
    }

    /** G(p_{k−1}) = Σ signedWeight_i · value_i, when every term's value is known. */
    public OptionalDouble value(StatisticsSnapshot statistics) {
        double g = 0;
        for (ObjectiveTerm t : terms) {
            OptionalDouble v = t.value(statistics);
            if (v.isEmpty()) {
                return OptionalDouble.empty();
            }
            g += t.signedWeight() * v.getAsDouble();
        }
        return OptionalDouble.of(g);
    }

    /** Every term's metrics about p_{k−1}, in config order. */
    public List<TermMetrics> termMetrics(StatisticsSnapshot statistics) {
        List<TermMetrics> out = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            ObjectiveTerm t = terms.get(i);
            out.add(new TermMetrics(i, t.type(), t.signedWeight(), t.metrics(statistics)));
        }
        return out;
    }
}
