package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.GaussianKernelMmd;
import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.SampleSet;
import dev.fdc.protocol.v1.Kernel;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.Witness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * MMD²(p, p_pre) = ‖μ_p − μ_pre‖²_H with the Gaussian kernel k(x, y) = exp(−‖x − y‖²/(2h²)), a
 * divergence entering G with −α, with ∇_x δMMD²(x) = 2 (E_{y~p} ∇_x k(x, y) − E_{y~pre} ∇_x k(x, y)):
 * a {@code Witness} naming the stored sample sets of p_{k−1} and p_pre, weight −α. MMD², not MMD,
 * whose gradient divides by a value that is 0 at k = 1.
 *
 * @param alpha α ≥ 0
 * @param bandwidth the kernel bandwidth h &gt; 0
 */
public record MmdTerm(double alpha, double bandwidth) implements DivergenceTerm {

    /** Config type. */
    public static final String TYPE = "mmd";

    static final Set<String> KEYS = Set.of("type", "alpha", "bandwidth");

    static MmdTerm parse(StrictConfig c, RewardConfig rewards) {
        return new MmdTerm(c.nonNegative("alpha"), c.positive("bandwidth"));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StatisticsNeeds needs() {
        return StatisticsNeeds.of(Set.of(Statistic.SAMPLE_SETS), Set.of());
    }

    @Override
    public List<LinearizedTerm> linearize(StatisticsSnapshot statistics) {
        SampleSet current = statistics
                .currentSamples()
                .orElseThrow(() -> new IllegalStateException(
                        "statistics snapshot lacks the sample sets, which the mmd term needs"));
        SampleSet pre = statistics.preSamples().orElseThrow();
        return List.of(LinearizedTerm.newBuilder()
                .setLabel(TYPE)
                .setWeight(-alpha)
                .setWitness(Witness.newBuilder()
                        .setKernel(Kernel.newBuilder().setKind("gaussian").setBandwidth(bandwidth))
                        .setCurrentSamples(current.ref())
                        .setPreSamples(pre.ref())
                        .setDim(current.dim()))
                .build());
    }

    /** The plug-in MMD² of the held sample values (empty when only content ids are known). */
    @Override
    public OptionalDouble value(StatisticsSnapshot statistics) {
        if (statistics.currentSamples().isEmpty() || statistics.preSamples().isEmpty()) {
            return OptionalDouble.empty();
        }
        SampleSet current = statistics.currentSamples().get();
        SampleSet pre = statistics.preSamples().get();
        if (!current.hasValues() || !pre.hasValues()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(
                new GaussianKernelMmd(bandwidth, current.dim()).squared(current.values(), pre.values()));
    }

    @Override
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("alpha", alpha);
        m.put("bandwidth", bandwidth);
        return m;
    }
}
