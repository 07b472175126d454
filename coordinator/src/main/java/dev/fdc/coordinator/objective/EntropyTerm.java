package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Moments;
import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.Score;
import dev.fdc.protocol.v1.ScoreModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Entropy H(p) = −E_p log p, with ∇_x δH(x) = −s_{k−1}(x, 1 − ε): a {@code Score} of the frozen
 * iterate θ_{k−1} (model BASE, never the model being trained) at t_eval = 1 − ε, with weight −w.
 * Its value −mean log p_{k−1}(x_i) needs log-densities, which only the metric uses.
 *
 * @param weight w ≥ 0
 * @param epsilon ε ∈ (0, 1), the score's distance from the data end (default 0.005)
 */
public record EntropyTerm(double weight, double epsilon) implements UtilityTerm {

    /** Config type. */
    public static final String TYPE = "entropy";

    static final Set<String> KEYS = Set.of("type", "weight", "epsilon");

    static EntropyTerm parse(StrictConfig c, RewardConfig rewards) {
        return new EntropyTerm(c.nonNegative("weight"), epsilon(c));
    }

    /** ε ∈ (0, 1) at key {@code epsilon}. */
    static double epsilon(StrictConfig c) {
        return c.number("epsilon", 0, true, 1, true, "a score time offset ε in (0, 1)");
    }

    /** A {@code Score} term of {@code model} at 1 − ε with the given signed weight. */
    static LinearizedTerm score(String label, ScoreModel model, double epsilon, double weight) {
        return LinearizedTerm.newBuilder()
                .setLabel(label)
                .setWeight(weight)
                .setScore(Score.newBuilder().setModel(model).setTEval(1 - epsilon))
                .build();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StatisticsNeeds needs() {
        return StatisticsNeeds.of(Set.of(), Set.of(Statistic.LOG_DENSITIES));
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        return List.of(score(TYPE, ScoreModel.BASE, epsilon, -weight));
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        return statistics
                .logDensities()
                .map(d -> OptionalDouble.of(-Moments.mean(d.base())))
                .orElse(OptionalDouble.empty());
    }

    @Override
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("weight", weight);
        m.put("epsilon", epsilon);
        return m;
    }
}
