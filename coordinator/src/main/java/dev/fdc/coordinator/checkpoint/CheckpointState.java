package dev.fdc.coordinator.checkpoint;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a coordinator needs to resume a run: where it was (run id, epoch, mirror step
 * {@code k}, AM step {@code n}, parameter version), the flat parameters θ and the frozen base
 * θ_{k−1}, the optimizer state, the ledger and RNG counters, the statistics of p_{k−1}, the schedule
 * state, the loss-clipping threshold and free-form metadata. Immutable: maps are copied (sorted by
 * key); arrays are held, not copied, because parameters can be hundreds of megabytes, so callers
 * hand over arrays they no longer change. Built with {@link #builder()}.
 */
public final class CheckpointState {

    private final int formatVersion;
    private final String runId;
    private final CheckpointKey key;
    private final float[] parameters;
    private final float[] base;
    private final OptimizerState optimizer;
    private final Map<String, Long> ledgerCounters;
    private final Map<String, Long> rngCounters;
    private final Map<String, double[]> statistics;
    private final Map<String, Double> scheduleState;
    private final double lossClipThreshold;
    private final Map<String, String> metadata;

    private CheckpointState(Builder b) {
        this.formatVersion = b.formatVersion;
        this.runId = Objects.requireNonNull(b.runId, "runId is required");
        this.key = new CheckpointKey(b.epoch, b.mirrorStep, b.amStep, b.parameterVersion);
        this.parameters = Objects.requireNonNull(b.parameters, "parameters are required");
        this.base = Objects.requireNonNull(b.base, "base is required");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer is required");
        requireLength("base", base.length, parameters.length);
        requireLength("optimizer m", optimizer.m().length, parameters.length);
        this.ledgerCounters = sortedCopy(b.ledgerCounters, "ledgerCounters");
        this.rngCounters = sortedCopy(b.rngCounters, "rngCounters");
        this.statistics = sortedCopy(b.statistics, "statistics");
        this.scheduleState = sortedCopy(b.scheduleState, "scheduleState");
        this.lossClipThreshold = b.lossClipThreshold;
        this.metadata = sortedCopy(b.metadata, "metadata");
    }

    /** A builder; {@code set*} values are required, {@code opt*} values default to empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** The format version this state was read in ({@link CheckpointCodec#FORMAT_VERSION} if built). */
    public int formatVersion() {
        return formatVersion;
    }

    /** The run id. */
    public String runId() {
        return runId;
    }

    /** Epoch, mirror step, AM step and parameter version: the checkpoint's file key. */
    public CheckpointKey key() {
        return key;
    }

    /** The coordinator epoch that wrote it. */
    public long epoch() {
        return key.epoch();
    }

    /** Mirror step {@code k}. */
    public int mirrorStep() {
        return key.mirrorStep();
    }

    /** AM step {@code n} within the mirror step. */
    public int amStep() {
        return key.amStep();
    }

    /** The version of {@link #parameters()}. */
    public long parameterVersion() {
        return key.parameterVersion();
    }

    /** The flat parameters θ at {@link #parameterVersion()}. */
    public float[] parameters() {
        return parameters;
    }

    /** The flat base parameters θ_{k−1}, frozen for the mirror step. */
    public float[] base() {
        return base;
    }

    /** Adam's state. */
    public OptimizerState optimizer() {
        return optimizer;
    }

    /** The task ledger's counters. */
    public Map<String, Long> ledgerCounters() {
        return ledgerCounters;
    }

    /** The counters of the counter-based random streams. */
    public Map<String, Long> rngCounters() {
        return rngCounters;
    }

    /** Statistics of p_{k−1} (quantiles, means, …), by name. */
    public Map<String, double[]> statistics() {
        return statistics;
    }

    /** Schedule state (η_k and friends), by name. */
    public Map<String, Double> scheduleState() {
        return scheduleState;
    }

    /** The loss-clipping threshold; {@code +∞} while there is none. */
    public double lossClipThreshold() {
        return lossClipThreshold;
    }

    /** Free-form metadata (config hash, build, …). */
    public Map<String, String> metadata() {
        return metadata;
    }

    static <V> Map<String, V> sortedCopy(Map<String, V> map, String name) {
        Map<String, V> copy = new TreeMap<>();
        for (Map.Entry<String, V> e : Objects.requireNonNull(map, name).entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(name + ": null key or value at '" + e.getKey() + "'");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    private static void requireLength(String name, int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException(
                    name + " has " + length + " values: expected " + expected + " like the parameters");
        }
    }

    /** Builds a {@link CheckpointState}. */
    public static final class Builder {
        private int formatVersion = CheckpointCodec.FORMAT_VERSION;
        private String runId;
        private long epoch;
        private int mirrorStep;
        private int amStep;
        private long parameterVersion;
        private float[] parameters;
        private float[] base;
        private OptimizerState optimizer;
        private Map<String, Long> ledgerCounters = Map.of();
        private Map<String, Long> rngCounters = Map.of();
        private Map<String, double[]> statistics = Map.of();
        private Map<String, Double> scheduleState = Map.of();
        private double lossClipThreshold = Double.POSITIVE_INFINITY;
        private Map<String, String> metadata = Map.of();

        private Builder() {}

        /** Sets the run id (required). */
        public Builder setRunId(String runId) {
            this.runId = runId;
            return this;
        }

        /** Sets epoch, mirror step, AM step and parameter version (required). */
        public Builder setPosition(long epoch, int mirrorStep, int amStep, long parameterVersion) {
            this.epoch = epoch;
            this.mirrorStep = mirrorStep;
            this.amStep = amStep;
            this.parameterVersion = parameterVersion;
            return this;
        }

        /** Sets the parameters θ (required; held, not copied). */
        public Builder setParameters(float[] parameters) {
            this.parameters = parameters;
            return this;
        }

        /** Sets the base θ_{k−1} (required; held, not copied). */
        public Builder setBase(float[] base) {
            this.base = base;
            return this;
        }

        /** Sets the optimizer state (required). */
        public Builder setOptimizer(OptimizerState optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Sets the ledger counters. */
        public Builder optLedgerCounters(Map<String, Long> ledgerCounters) {
            this.ledgerCounters = ledgerCounters;
            return this;
        }

        /** Sets the RNG counters. */
        public Builder optRngCounters(Map<String, Long> rngCounters) {
            this.rngCounters = rngCounters;
            return this;
        }

        /** Sets the statistics of p_{k−1}. */
        public Builder optStatistics(Map<String, double[]> statistics) {
            this.statistics = statistics;
            return this;
        }

        /** Sets the schedule state. */
        public Builder optScheduleState(Map<String, Double> scheduleState) {
            this.scheduleState = scheduleState;
            return this;
        }

        /** Sets the loss-clipping threshold (default {@code +∞}: none yet). */
        public Builder optLossClipThreshold(double lossClipThreshold) {
            this.lossClipThreshold = lossClipThreshold;
            return this;
        }

        /** Sets free-form metadata. */
        public Builder optMetadata(Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        /** The format version read from a file; only the codec sets it. */
        Builder formatVersion(int formatVersion) {
            this.formatVersion = formatVersion;
            return this;
        }

        /**
         * Builds the state.
         *
         * @throws NullPointerException naming a missing required value
         * @throws IllegalArgumentException naming a bad value (negative position, length mismatch)
         */
        public CheckpointState build() {
            return new CheckpointState(this);
        }
    }
}
