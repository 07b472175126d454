package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.Critic;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.Potential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Wasserstein-1 with ground metric ‖A(x − y)‖: W1(p, p_pre) = sup_{‖A^{−T}∇φ‖ ≤ 1} E_p φ − E_pre φ,
 * a divergence entering G with −α, with ∇_x δW1(x) = ∇φ*(x) for the critic φ* trained (by a worker,
 * with the one-sided penalty max(0, ‖A^{−T}∇φ‖ − 1)², on samples of p_{k−1} and p_pre): a
 * {@code Potential} with the critic's stored parameters and weight −α.
 *
 * <p><b>Noise-floor rule.</b> At k = 1 (p = p_pre) the critic fits noise. The term is linearized
 * only when the critic's held-out value E_{p_{k−1}} φ − E_pre φ is strictly above its noise floor,
 * both reported by the critic task in {@link Critic}; otherwise it contributes nothing this step
 * ({@link #linearize} returns an empty list, metric {@code active} = 0). The rule is applied afresh
 * at every step from that step's critic.
 *
 * @param alpha α ≥ 0
 * @param groundMetric A, flat row-major d×d, or empty for the identity (the Euclidean metric)
 * @param criticHidden hidden layer widths of the critic MLP to train
 * @param criticActivation activation of the critic MLP
 */
public record WassersteinTerm(double alpha, double[] groundMetric, List<Integer> criticHidden, String criticActivation)
        implements DivergenceTerm {

    /** Config type. */
    public static final String TYPE = "wasserstein";

    static final Set<String> KEYS = Set.of("type", "alpha", "ground-metric", "critic");
    static final Set<String> CRITIC_KEYS = Set.of("hidden", "activation");
    static final Set<String> ACTIVATIONS = Set.of("relu", "silu", "tanh", "gelu");

    /** Copies the arrays and lists. */
    public WassersteinTerm {
        groundMetric = groundMetric.clone();
        criticHidden = List.copyOf(criticHidden);
    }

    static WassersteinTerm parse(StrictConfig c, RewardConfig rewards) {
        double[][] a = c.matrix("ground-metric");
        double[] flat = new double[a.length * a.length];
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != a.length) {
                throw new BadConfigException(
                        c.pathOf("ground-metric"),
                        "expected a square d×d matrix " + "(or [] for the identity), got " + a.length + "×"
                                + a[i].length);
            }
            System.arraycopy(a[i], 0, flat, i * a.length, a.length);
        }
        if (a.length > 0 && !invertible(flat, a.length)) {
            throw new BadConfigException(
                    c.pathOf("ground-metric"),
                    "expected an invertible matrix A (the critic constraint uses A^{-T}); this one is singular");
        }
        StrictConfig critic = c.object("critic");
        critic.requireOnly(CRITIC_KEYS, " of a wasserstein critic");
        double[] hidden = critic.numberList("hidden");
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1 || hidden[i] != Math.rint(hidden[i])) {
                throw new BadConfigException(
                        critic.pathOf("hidden") + "[" + i + "]",
                        "expected a layer width (integer ≥ 1), got " + hidden[i]);
            }
            widths.add((int) hidden[i]);
        }
        if (widths.isEmpty()) {
            throw new BadConfigException(critic.pathOf("hidden"), "expected at least one hidden layer");
        }
        return new WassersteinTerm(c.nonNegative("alpha"), flat, widths, critic.oneOf("activation", ACTIVATIONS));
    }

    /** Whether A is invertible, by the same elimination the critic trainer inverts it with. */
    static boolean invertible(double[] m, int d) {
        try {
            dev.fdc.numerics.linalg.GaussJordan.inverse(m, d);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public double[] groundMetric() {
        return groundMetric.clone();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StatisticsNeeds needs() {
        return StatisticsNeeds.of(Set.of(Statistic.CRITIC), Set.of());
    }

    private static Critic critic(StatisticsSnapshot statistics) {
        return statistics
                .critic()
                .orElseThrow(() -> new IllegalStateException(
                        "statistics snapshot lacks the critic, which the wasserstein term needs"));
    }

    /** Whether the critic's value is above its noise floor (the term is active this step). */
    public static boolean aboveNoiseFloor(Critic critic) {
        return critic.value() > critic.noiseFloor();
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        Critic critic = critic(statistics);
        if (!aboveNoiseFloor(critic)) {
            return List.of();
        }
        return List.of(LinearizedTerm.newBuilder()
                .setLabel(TYPE)
                .setWeight(-alpha)
                .setPotential(
                        Potential.newBuilder().setCritic(critic.architecture()).setParameters(critic.parameters()))
                .build());
    }

    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        return statistics.critic().map(c -> OptionalDouble.of(c.value())).orElse(OptionalDouble.empty());
    }

    /** value, noise-floor and active (1 when linearized this step, else 0). */
    @Override
    public Map<TermMetric, Double> metrics(StatisticsSnapshot statistics) {
        Map<TermMetric, Double> m = new EnumMap<>(TermMetric.class);
        statistics.critic().ifPresent(c -> {
            m.put(TermMetric.VALUE, c.value());
            m.put(TermMetric.NOISE_FLOOR, c.noiseFloor());
            m.put(TermMetric.ACTIVE, aboveNoiseFloor(c) ? 1.0 : 0.0);
        });
        return m;
    }

    @Override
    public Map<String, Object> toConfig() {
        int d = (int) Math.round(Math.sqrt(groundMetric.length));
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            List<Double> row = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                row.add(groundMetric[i * d + j]);
            }
            rows.add(row);
        }
        Map<String, Object> critic = new LinkedHashMap<>();
        critic.put("hidden", criticHidden);
        critic.put("activation", criticActivation);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("alpha", alpha);
        m.put("ground-metric", rows);
        m.put("critic", critic);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WassersteinTerm w
                && Double.compare(alpha, w.alpha) == 0
                && Arrays.equals(groundMetric, w.groundMetric)
                && criticHidden.equals(w.criticHidden)
                && criticActivation.equals(w.criticActivation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alpha, Arrays.hashCode(groundMetric), criticHidden, criticActivation);
    }
}
