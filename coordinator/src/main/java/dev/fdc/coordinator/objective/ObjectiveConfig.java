package dev.fdc.coordinator.objective;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.fdc.protocol.v1.ContentRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses {@code fdc.objective} into an {@link Objective}, and renders one back.
 *
 * <pre>
 * fdc.objective {
 *   terms = [
 *     { type = cvar, beta = 0.1, weight = 1.0, reward = { name = risk_averse } }
 *     { type = kl, alpha = 0.5, epsilon = 0.005 }
 *   ]
 *   defaults { cvar { weight = 1.0, beta = 0.1 }, kl { epsilon = 0.005 }, ... }  # reference.conf
 * }
 * </pre>
 *
 * Each term object is read over {@code fdc.objective.defaults.TYPE}. Types and their keys:
 * {@code expected-reward} (weight, reward), {@code cvar} and {@code superquantile} (weight, beta,
 * reward), {@code mean-variance} (weight, lambda, reward), {@code entropy} (weight, epsilon),
 * {@code d-optimal} and {@code a-optimal} (weight, features, lambda), {@code kl} (alpha, epsilon),
 * {@code renyi} (alpha, order, epsilon, ode-steps, hutchinson-probes), {@code wasserstein} (alpha,
 * ground-metric, critic { hidden, activation }), {@code mmd} (alpha, bandwidth). Utilities take a
 * weight w ≥ 0, divergences an α ≥ 0. Every unknown key or type, missing value and out-of-range
 * value is a {@link BadConfigException} naming the full key path.
 */
public final class ObjectiveConfig {

    /** The config path. */
    public static final String PATH = "fdc.objective";

    private static final Set<String> KEYS = Set.of("terms", "defaults");

    private ObjectiveConfig() {}

    /** Parses {@code fdc.objective} of {@code root} (over reference.conf); no TorchScript rewards. */
    public static Objective parse(Config root) {
        return parse(root, null);
    }

    /**
     * Parses {@code fdc.objective} of {@code root} (over reference.conf).
     *
     * @param torchScriptStore stores a TorchScript reward file, returning its content reference;
     *     {@code null} refuses TorchScript rewards
     */
    public static Objective parse(Config root, Function<String, ContentRef> torchScriptStore) {
        StrictConfig objective = StrictConfig.at(root.withFallback(ConfigFactory.defaultReference()), PATH);
        objective.requireOnly(KEYS, "");
        StrictConfig defaults = objective.object("defaults");
        defaults.requireOnly(new HashSet<>(TermType.names()), " (a term type)");
        for (String name : defaults.keys()) {
            Set<String> allowed = new HashSet<>(TermType.byName(name).keys);
            allowed.remove("type");
            defaults.object(name).requireOnly(allowed, " for type " + name);
        }
        RewardConfig rewards = new RewardConfig(torchScriptStore);
        List<StrictConfig> elements = objective.objectList("terms");
        if (elements.isEmpty()) {
            throw new BadConfigException(
                    objective.pathOf("terms"),
                    "expected at least one term, e.g. [{ type = cvar, beta = 0.1, reward { name = linear } }]");
        }
        List<ObjectiveTerm> terms = new ArrayList<>();
        for (StrictConfig element : elements) {
            terms.add(parseTerm(element, defaults, rewards));
        }
        return new Objective(terms);
    }

    private static ObjectiveTerm parseTerm(StrictConfig element, StrictConfig defaults, RewardConfig rewards) {
        if (!element.has("type")) {
            throw new BadConfigException(
                    element.pathOf("type"), "missing; expected a term type, one of " + TermType.names());
        }
        String name = element.oneOf("type", TermType.names());
        TermType type = TermType.byName(name);
        StrictConfig term = defaults.has(name) ? element.withDefaults(defaults.object(name)) : element;
        term.requireOnly(type.keys, " for type " + name);
        return type.parser.parse(term, rewards);
    }

    /** {@code fdc.objective.terms} of {@code objective} as a config that parses back to it. */
    public static Config render(Objective objective) {
        List<Map<String, Object>> terms = new ArrayList<>();
        for (ObjectiveTerm t : objective.terms()) {
            terms.add(t.toConfig());
        }
        return ConfigFactory.empty().withValue(PATH + ".terms", ConfigValueFactory.fromIterable(terms));
    }
}
