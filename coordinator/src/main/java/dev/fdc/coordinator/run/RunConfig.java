package dev.fdc.coordinator.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.objective.BadConfigException;
import dev.fdc.coordinator.objective.StrictConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The run's loop sizes and optimizer settings, parsed from {@code fdc.run} (defaults in
 * reference.conf):
 *
 * <pre>
 * fdc.run {
 *   mirror-steps = 5        # K
 *   am-steps = 100          # N, AM steps (optimizer updates) per mirror step
 *   tasks-per-step = 4      # M, AM tasks per step (sync) and statistics tasks per estimate
 *   trajectories = 64       # per AM task
 *   grid-steps = 40         # L
 *   learning-rate = 1e-3
 *   max-grad-norm = 1.0
 *   loss-clip { decay = 0.9, multiplier = 1.0 }
 *   statistics-samples = 2048   # per estimate, split over the M tasks
 *   seed = 0
 *   mode = sync             # sync | async
 *   max-staleness = 2       # s (async)
 *   async-window = 4        # W (async)
 *   checkpoint-every = 50   # C AM steps; 0: only at the end of each mirror step
 *   keep-checkpoints = 3
 *   task-timeout = 10m
 *   max-retries = 2         # R
 *   final-estimate = true   # measure p_K's statistics after the last mirror step
 *   critic { steps, learning-rate, gradient-penalty, batch-size }
 * }
 * </pre>
 *
 * Unknown keys and out-of-range values are {@link BadConfigException}s naming the key.
 */
public record RunConfig(
        int mirrorSteps,
        int amSteps,
        int tasksPerStep,
        int trajectories,
        int gridSteps,
        double learningRate,
        double maxGradNorm,
        double lossClipDecay,
        double lossClipMultiplier,
        int statisticsSamples,
        long seed,
        Mode mode,
        int maxStaleness,
        int asyncWindow,
        int checkpointEvery,
        int keepCheckpoints,
        Duration taskTimeout,
        int maxRetries,
        boolean finalEstimate,
        CriticSettings critic) {

    /** The config path. */
    public static final String PATH = "fdc.run";

    private static final Set<String> KEYS = Set.of(
            "mirror-steps",
            "am-steps",
            "tasks-per-step",
            "trajectories",
            "grid-steps",
            "learning-rate",
            "max-grad-norm",
            "loss-clip",
            "statistics-samples",
            "seed",
            "mode",
            "max-staleness",
            "async-window",
            "checkpoint-every",
            "keep-checkpoints",
            "task-timeout",
            "max-retries",
            "final-estimate",
            "critic");

    /** How gradients are applied (ARCHITECTURE.md, "Synchronous and asynchronous modes"). */
    public enum Mode {
        /** M tasks per step at one version, reduced in task-id order: bit-for-bit reproducible. */
        SYNC,
        /** Up to W tasks in flight, each gradient applied on arrival if at most s versions stale. */
        ASYNC
    }

    /** Wasserstein-1 critic training settings (used only when the objective has that term). */
    public record CriticSettings(int steps, double learningRate, double gradientPenalty, int batchSize) {}

    /** Checks cross-key constraints. */
    public RunConfig {
        if (asyncWindow < 1 || tasksPerStep < 1 || statisticsSamples < tasksPerStep) {
            throw new IllegalArgumentException("run config: tasks-per-step ≥ 1, async-window ≥ 1 and "
                    + "statistics-samples ≥ tasks-per-step required");
        }
    }

    /** The time-subset size |S| = 2⌊L/4⌋ (MATH.md §3, step 4), at least 1. */
    public int timeSubsetSize() {
        return Math.max(1, 2 * (gridSteps / 4));
    }

    /** Parses {@code fdc.run} of {@code root} over reference.conf. */
    public static RunConfig parse(Config root) {
        Config merged = root.withFallback(ConfigFactory.defaultReference());
        StrictConfig c = StrictConfig.at(merged, PATH);
        c.requireOnly(KEYS, "");
        StrictConfig clip = c.object("loss-clip");
        clip.requireOnly(Set.of("decay", "multiplier"), " of loss-clip");
        StrictConfig critic = c.object("critic");
        critic.requireOnly(Set.of("steps", "learning-rate", "gradient-penalty", "batch-size"), " of critic");
        int m = c.integer("tasks-per-step", 1);
        int stats = c.integer("statistics-samples", 1);
        if (stats < m) {
            throw new BadConfigException(
                    c.pathOf("statistics-samples"),
                    "expected at least " + "tasks-per-step (" + m + ") samples, got " + stats);
        }
        Mode mode = Mode.valueOf(c.oneOf("mode", List.of("sync", "async")).toUpperCase());
        return new RunConfig(
                c.integer("mirror-steps", 1),
                c.integer("am-steps", 1),
                m,
                c.integer("trajectories", 1),
                c.integer("grid-steps", 2),
                c.positive("learning-rate"),
                c.positive("max-grad-norm"),
                clip.number("decay", 0, false, 1, true, "a decay in [0, 1)"),
                clip.number("multiplier", 1, false, Double.POSITIVE_INFINITY, true, "a number ≥ 1"),
                stats,
                seed(c),
                mode,
                c.integer("max-staleness", 0),
                c.integer("async-window", 1),
                c.integer("checkpoint-every", 0),
                c.integer("keep-checkpoints", 1),
                duration(c, merged),
                c.integer("max-retries", 0),
                bool(c, merged, "final-estimate"),
                new CriticSettings(
                        critic.integer("steps", 1),
                        critic.positive("learning-rate"),
                        critic.nonNegative("gradient-penalty"),
                        critic.integer("batch-size", 1)));
    }

    private static long seed(StrictConfig c) {
        double s = c.number("seed");
        if (s != Math.rint(s) || Math.abs(s) > (1L << 53)) {
            throw new BadConfigException(c.pathOf("seed"), "expected an integer, got " + s);
        }
        return (long) s;
    }

    private static boolean bool(StrictConfig c, Config root, String key) {
        try {
            return root.getBoolean(PATH + "." + key);
        } catch (RuntimeException e) {
            throw new BadConfigException(c.pathOf(key), "expected true or false");
        }
    }

    private static Duration duration(StrictConfig c, Config root) {
        String key = PATH + ".task-timeout";
        Duration d;
        try {
            d = root.getDuration(key);
        } catch (RuntimeException e) {
            throw new BadConfigException(
                    c.pathOf("task-timeout"),
                    "expected a duration such as 30s or 10m, got "
                            + root.getValue(key).render());
        }
        if (d.isNegative() || d.isZero()) {
            throw new BadConfigException(c.pathOf("task-timeout"), "expected a positive duration, got " + d);
        }
        return d;
    }
}
