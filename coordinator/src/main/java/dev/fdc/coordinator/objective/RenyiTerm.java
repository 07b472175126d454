package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.RenyiWeights;
import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.LogDensities;
import dev.fdc.protocol.v1.DensityRatioScore;
import dev.fdc.protocol.v1.LinearizedTerm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Rényi divergence D_a(p ‖ p_pre) = (1/(a−1)) log ∫ p^a p_pre^{1−a}, entering G with −α:
 * ∇_x δD_a(x) = (a/Z) (p/p_pre)^{a−1}(x) (s_{k−1} − s_pre)(x, 1 − ε), Z = ∫ p^a p_pre^{1−a}.
 * A {@code DensityRatioScore} with weight −α and log Z self-normalized over samples of p_{k−1}
 * ({@link RenyiWeights}); workers compute the density ratio at their points with the reverse
 * probability-flow ODE ({@code ode-steps} Euler steps; {@code hutchinson-probes} = 0 for the exact
 * trace, which MATH.md prefers in low dimension since exponentiating a Hutchinson estimate biases).
 *
 * @param alpha α ≥ 0
 * @param order a &gt; 0, a ≠ 1
 * @param epsilon ε ∈ (0, 1)
 * @param odeSteps steps of the log-density ODE (≥ 1)
 * @param hutchinsonProbes 0: exact trace; &gt; 0: that many Hutchinson probes
 */
public record RenyiTerm(double alpha, double order, double epsilon, int odeSteps, int hutchinsonProbes)
        implements DivergenceTerm {

    /** Config type. */
    public static final String TYPE = "renyi";

    static final Set<String> KEYS = Set.of("type", "alpha", "order", "epsilon", "ode-steps", "hutchinson-probes");

    static RenyiTerm parse(StrictConfig c, RewardConfig rewards) {
        double order = c.positive("order");
        if (order == 1) {
            throw new BadConfigException(
                    c.pathOf("order"), "expected a Rényi order a > 0 with a ≠ 1 (a = 1 is KL: use type = kl), got 1.0");
        }
        return new RenyiTerm(
                c.nonNegative("alpha"),
                order,
                EntropyTerm.epsilon(c),
                c.integer("ode-steps", 1),
                c.integer("hutchinson-probes", 0));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StatisticsNeeds needs() {
        return StatisticsNeeds.of(Set.of(Statistic.LOG_DENSITIES), Set.of());
    }

    private RenyiWeights weights(StatisticsSnapshot statistics) {
        LogDensities d = statistics
                .logDensities()
                .orElseThrow(() -> new IllegalStateException(
                        "statistics snapshot lacks log-densities, which the renyi term needs"));
        return RenyiWeights.of(order, d.base(), d.pre());
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        return List.of(LinearizedTerm.newBuilder()
                .setLabel(TYPE)
                .setWeight(-alpha)
                .setDensityRatioScore(DensityRatioScore.newBuilder()
                        .setOrder(order)
                        .setLogNormalizer(weights(statistics).logNormalizer())
                        .setTEval(1 - epsilon)
                        .setOdeSteps(odeSteps)
                        .setHutchinsonProbes(hutchinsonProbes))
                .build());
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        return statistics.logDensities().isPresent()
                ? OptionalDouble.of(weights(statistics).divergence())
                : OptionalDouble.empty();
    }

    @Override
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("alpha", alpha);
        m.put("order", order);
        m.put("epsilon", epsilon);
        m.put("ode-steps", odeSteps);
        m.put("hutchinson-probes", hutchinsonProbes);
        return m;
    }
}
