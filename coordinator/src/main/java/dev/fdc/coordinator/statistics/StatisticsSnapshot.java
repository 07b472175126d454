package dev.fdc.coordinator.statistics;

import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.RewardModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The statistics of p_{k−1} measured in the estimation phase of mirror step k (MATH.md §4): what
 * every objective term reads to build its part of g_k = δG(p_{k−1}). Immutable; arrays are copied
 * in and out. Each statistic is optional: a term asks for what it declared in its
 * {@link StatisticsNeeds}, and a missing one is an {@link IllegalStateException} naming it.
 */
public final class StatisticsSnapshot {

    /** E[ΦΦᵀ] (without the ridge λI) of a feature map, flat p×p, over {@code sampleCount} samples. */
    public record FeatureMoments(FeatureMap map, int featureDim, double[] secondMoment, long sampleCount) {
        /** Checks the matrix size and copies it. */
        public FeatureMoments {
            if (secondMoment.length != featureDim * featureDim) {
                throw new IllegalArgumentException("second moment of " + map.wireName() + " has " + secondMoment.length
                        + " values, expected " + featureDim + "²");
            }
            secondMoment = secondMoment.clone();
        }

        @Override
        public double[] secondMoment() {
            return secondMoment.clone();
        }
    }

    /** log p_{k−1}(x_i) and log p_pre(x_i) at the same samples x_i ~ p_{k−1}. */
    public record LogDensities(double[] base, double[] pre) {
        /** Checks lengths and copies. */
        public LogDensities {
            if (base.length != pre.length || base.length == 0) {
                throw new IllegalArgumentException("log-densities of base and pre must be non-empty and "
                        + "of equal length, got " + base.length + " and " + pre.length);
            }
            base = base.clone();
            pre = pre.clone();
        }

        @Override
        public double[] base() {
            return base.clone();
        }

        @Override
        public double[] pre() {
            return pre.clone();
        }
    }

    /**
     * A Wasserstein-1 critic φ trained on samples of p_{k−1} and p_pre: its stored parameters,
     * architecture, its value E_{p_{k−1}} φ − E_pre φ on held-out samples, and the noise floor of
     * that value (the level it reaches when both sample sets come from the same law, e.g. at k = 1).
     */
    public record Critic(ContentRef parameters, MlpArchitecture architecture, double value, double noiseFloor) {}

    /** A stored sample set (flat row-major, dimension {@code dim}); {@code values} may be empty. */
    public record SampleSet(ContentRef ref, int dim, float[] values) {
        /** Copies the values. */
        public SampleSet {
            values = values.clone();
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        /** Whether the values are held here (else only the content id is known). */
        public boolean hasValues() {
            return values.length > 0;
        }
    }

    private final int mirrorStep;
    private final Map<String, double[]> rewards;
    private final Map<String, Quantiles> quantiles;
    private final Map<FeatureMap, FeatureMoments> features;
    private final LogDensities logDensities;
    private final Critic critic;
    private final SampleSet currentSamples;
    private final SampleSet preSamples;

    private StatisticsSnapshot(Builder b) {
        this.mirrorStep = b.mirrorStep;
        Map<String, double[]> r = new LinkedHashMap<>();
        Map<String, Quantiles> q = new LinkedHashMap<>();
        b.rewardChunks.forEach((key, chunks) -> {
            double[] pooled = Quantiles.pooled(chunks);
            r.put(key, pooled);
            q.put(key, Quantiles.of(pooled));
        });
        this.rewards = Collections.unmodifiableMap(r);
        this.quantiles = Collections.unmodifiableMap(q);
        this.features = Collections.unmodifiableMap(new LinkedHashMap<>(b.features));
        this.logDensities = b.logDensities;
        this.critic = b.critic;
        this.currentSamples = b.currentSamples;
        this.preSamples = b.preSamples;
    }

    /** A builder for mirror step k ≥ 1 (the statistics are of p_{k−1}). */
    public static Builder builder(int mirrorStep) {
        return new Builder(mirrorStep);
    }

    /** The mirror step k these statistics serve. */
    public int mirrorStep() {
        return mirrorStep;
    }

    /** The pooled rewards r(x_i) of {@code reward}, in task-id order. */
    public double[] rewards(RewardModel reward) {
        return require(rewards, rewardKey(reward), "rewards of " + rewardKey(reward))
                .clone();
    }

    /** Quantile and tail estimators of the pooled rewards of {@code reward}. */
    public Quantiles quantiles(RewardModel reward) {
        return require(quantiles, rewardKey(reward), "rewards of " + rewardKey(reward));
    }

    /** Whether rewards of {@code reward} were measured. */
    public boolean hasRewards(RewardModel reward) {
        return rewards.containsKey(rewardKey(reward));
    }

    /** E[ΦΦᵀ] of the feature map. */
    public FeatureMoments featureMoments(FeatureMap map) {
        return require(features, map, "feature moments of " + map.wireName());
    }

    /** Whether second moments of {@code map} were measured. */
    public boolean hasFeatureMoments(FeatureMap map) {
        return features.containsKey(map);
    }

    /** Log-densities of base and pre at samples of p_{k−1}, if measured. */
    public Optional<LogDensities> logDensities() {
        return Optional.ofNullable(logDensities);
    }

    /** The Wasserstein-1 critic, if trained. */
    public Optional<Critic> critic() {
        return Optional.ofNullable(critic);
    }

    /** Samples of p_{k−1}, if stored. */
    public Optional<SampleSet> currentSamples() {
        return Optional.ofNullable(currentSamples);
    }

    /** Samples of p_pre, if stored. */
    public Optional<SampleSet> preSamples() {
        return Optional.ofNullable(preSamples);
    }

    /**
     * A canonical, deterministic key of a reward model: {@code analytic:NAME{k=v,...}[k=[..],...]}
     * with parameters sorted by name, or {@code torchscript:CONTENT_ID}.
     */
    public static String rewardKey(RewardModel reward) {
        switch (reward.getKindCase()) {
            case ANALYTIC:
                AnalyticReward a = reward.getAnalytic();
                StringBuilder s = new StringBuilder("analytic:").append(a.getName());
                s.append(new TreeMap<>(a.getScalarsMap()));
                Map<String, List<Double>> vectors = new TreeMap<>();
                a.getVectorsMap().forEach((k, v) -> vectors.put(k, v.getValuesList()));
                return s.append(vectors).toString();
            case TORCHSCRIPT:
                return "torchscript:" + reward.getTorchscript().getModel().getContentId();
            default:
                throw new IllegalArgumentException("reward model has no kind");
        }
    }

    private static <K, V> V require(Map<K, V> map, K key, String what) {
        V v = map.get(key);
        if (v == null) {
            throw new IllegalStateException("statistics snapshot lacks " + what);
        }
        return v;
    }

    /** Collects per-task results; {@link #build()} pools them in the order they were added. */
    public static final class Builder {
        private final int mirrorStep;
        private final Map<String, List<double[]>> rewardChunks = new LinkedHashMap<>();
        private final Map<FeatureMap, FeatureMoments> features = new LinkedHashMap<>();
        private LogDensities logDensities;
        private Critic critic;
        private SampleSet currentSamples;
        private SampleSet preSamples;

        private Builder(int mirrorStep) {
            if (mirrorStep < 1) {
                throw new IllegalArgumentException("mirror step must be ≥ 1, got " + mirrorStep);
            }
            this.mirrorStep = mirrorStep;
        }

        /** Appends one task's rewards of {@code reward} (call in task-id order). */
        public Builder addRewards(RewardModel reward, double[] chunk) {
            rewardChunks
                    .computeIfAbsent(rewardKey(reward), k -> new ArrayList<>())
                    .add(chunk.clone());
            return this;
        }

        /** Sets E[ΦΦᵀ] of a feature map. */
        public Builder setFeatureMoments(FeatureMoments moments) {
            features.put(moments.map(), moments);
            return this;
        }

        /** Sets the log-densities of base and pre at samples of p_{k−1}. */
        public Builder setLogDensities(LogDensities densities) {
            this.logDensities = densities;
            return this;
        }

        /** Sets the trained Wasserstein-1 critic. */
        public Builder setCritic(Critic critic) {
            this.critic = critic;
            return this;
        }

        /** Sets the stored sample sets of p_{k−1} and p_pre. */
        public Builder setSampleSets(SampleSet current, SampleSet pre) {
            if (current.dim() != pre.dim()) {
                throw new IllegalArgumentException(
                        "sample sets have dimensions " + current.dim() + " and " + pre.dim());
            }
            this.currentSamples = current;
            this.preSamples = pre;
            return this;
        }

        /** The immutable snapshot. */
        public StatisticsSnapshot build() {
            return new StatisticsSnapshot(this);
        }
    }
}
