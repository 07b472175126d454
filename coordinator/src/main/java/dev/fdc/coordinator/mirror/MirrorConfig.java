package dev.fdc.coordinator.mirror;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.objective.BadConfigException;
import dev.fdc.coordinator.objective.StrictConfig;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code fdc.mirror} into a {@link StepSizeSchedule}:
 *
 * <pre>
 * fdc.mirror {
 *   schedule = constant | power | trust-region
 *   eta = 1.0                                   # η, η_0 or the initial η; > 0
 *   power { exponent = 1.0 }                    # a ∈ (0.5, 1]
 *   trust-region { target-kl = 0.1, max-factor = 2.0, eta-min = 1e-3, eta-max = 1e3 }
 * }
 * </pre>
 *
 * Defaults come from reference.conf; errors are {@link BadConfigException}s naming the key.
 */
public final class MirrorConfig {

    /** The config path. */
    public static final String PATH = "fdc.mirror";

    private static final Set<String> KEYS = Set.of("schedule", "eta", "power", "trust-region");

    private MirrorConfig() {}

    /** The schedule configured at {@code fdc.mirror} of {@code root} (over reference.conf). */
    public static StepSizeSchedule parse(Config root) {
        StrictConfig c = StrictConfig.at(root.withFallback(ConfigFactory.defaultReference()), PATH);
        c.requireOnly(KEYS, "");
        StrictConfig power = c.object("power");
        power.requireOnly(Set.of("exponent"), " of the power schedule");
        StrictConfig trust = c.object("trust-region");
        trust.requireOnly(Set.of("target-kl", "max-factor", "eta-min", "eta-max"), " of the trust-region schedule");
        String schedule = c.oneOf("schedule", List.of("constant", "power", "trust-region"));
        double eta = c.positive("eta");
        switch (schedule) {
            case "constant":
                return new ConstantSchedule(eta);
            case "power":
                return new PowerSchedule(
                        eta,
                        power.number("exponent", 0.5, true, 1, false, "an exponent a in (0.5, 1] (Robbins–Monro)"));
            default:
                double target = trust.positive("target-kl");
                double factor = trust.number("max-factor", 1, true, Double.POSITIVE_INFINITY, true, "a factor > 1");
                double lo = trust.positive("eta-min");
                double hi = trust.number(
                        "eta-max", lo, false, Double.POSITIVE_INFINITY, true, "a number ≥ eta-min (" + lo + ")");
                if (eta < lo || eta > hi) {
                    throw new BadConfigException(
                            c.pathOf("eta"),
                            "expected the initial eta within " + "[eta-min, eta-max] = [" + lo + ", " + hi
                                    + "] of the trust region, got " + eta);
                }
                return new TrustRegionSchedule(eta, target, factor, lo, hi);
        }
    }
}
