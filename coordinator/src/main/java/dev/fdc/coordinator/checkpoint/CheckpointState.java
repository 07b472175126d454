package dev.fdc.coordinator.checkpoint;

import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.protocol.v1.LinearizedReward;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a coordinator needs to resume a run bit for bit (format version 2), each in a field of
 * its own type:
 *
 * <ul>
 *   <li>where the run was: run id, epoch, mirror step {@code k}, AM step {@code n}, parameter
 *       version ({@link #key()}), and the version of the frozen base;
 *   <li>the flat parameters θ_v and the base θ_{k−1}, Adam's state;
 *   <li>the mirror step's linearized reward r = g_k/η_k (absent before its first linearization)
 *       and η_k, the last AM step's control cost (the trust region's input), the Wasserstein
 *       critic's noise floor, the loss-clipping state and the step-size schedule's state;
 *   <li>the stored contents tasks reference (sample sets, critic parameters) and the ledger's
 *       counters.
 * </ul>
 *
 * Immutable: maps are copied (sorted); arrays are held, not copied, because parameters can be
 * hundreds of megabytes, so callers hand over arrays they no longer change. Built with
 * {@link #builder()}: {@code set*} values are required, {@code opt*} ones have defaults.
 */
public final class CheckpointState {

    private final int formatVersion;
    private final String runId;
    private final CheckpointKey key;
    private final long baseVersion;
    private final float[] parameters;
    private final float[] base;
    private final OptimizerState optimizer;
    private final LinearizedReward reward;
    private final double eta;
    private final double lastControlCost;
    private final double criticNoiseFloor;
    private final double[] lossClipState;
    private final Map<String, Double> scheduleState;
    private final Map<String, float[]> contents;
    private final Map<LedgerCounter, Long> ledgerCounters;

    private CheckpointState(Builder b) {
        this.formatVersion = b.formatVersion;
        this.runId = Objects.requireNonNull(b.runId, "runId is required");
        this.key = new CheckpointKey(b.epoch, b.mirrorStep, b.amStep, b.parameterVersion);
        this.baseVersion = b.baseVersion;
        this.parameters = Objects.requireNonNull(b.parameters, "parameters are required");
        this.base = Objects.requireNonNull(b.base, "base is required");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer is required");
        requireLength("base", base.length, parameters.length);
        requireLength("optimizer m", optimizer.m().length, parameters.length);
        if (baseVersion < 0 || baseVersion > b.parameterVersion) {
            throw new IllegalArgumentException(
                    "base version " + baseVersion + ": expected 0 to the parameter version " + b.parameterVersion);
        }
        this.reward = b.reward;
        this.eta = b.eta;
        this.lastControlCost = b.lastControlCost;
        this.criticNoiseFloor = b.criticNoiseFloor;
        this.lossClipState =
                Objects.requireNonNull(b.lossClipState, "lossClipState").clone();
        this.scheduleState = sortedCopy(b.scheduleState, "scheduleState");
        this.contents = sortedCopy(b.contents, "contents");
        EnumMap<LedgerCounter, Long> counters = new EnumMap<>(LedgerCounter.class);
        counters.putAll(Objects.requireNonNull(b.ledgerCounters, "ledgerCounters"));
        this.ledgerCounters = Collections.unmodifiableMap(counters);
    }

    /** A builder. */
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

    /** AM steps applied in the mirror step ({@code n = N}: the step is finished). */
    public int amStep() {
        return key.amStep();
    }

    /** The version of {@link #parameters()}. */
    public long parameterVersion() {
        return key.parameterVersion();
    }

    /** The version of the frozen base θ_{k−1}. */
    public long baseVersion() {
        return baseVersion;
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

    /** The mirror step's linearized reward, once it was linearized. */
    public Optional<LinearizedReward> reward() {
        return Optional.ofNullable(reward);
    }

    /** η_k (NaN before the first linearization). */
    public double eta() {
        return eta;
    }

    /** The control cost of the last AM step (NaN before the first). */
    public double lastControlCost() {
        return lastControlCost;
    }

    /** The Wasserstein-1 critic's noise floor (NaN without a critic). */
    public double criticNoiseFloor() {
        return criticNoiseFloor;
    }

    /** The loss-clipping rule's state (a copy). */
    public double[] lossClipState() {
        return lossClipState.clone();
    }

    /** The step-size schedule's state, by the schedule's names. */
    public Map<String, Double> scheduleState() {
        return scheduleState;
    }

    /** Stored contents (sample sets, critic parameters) by content id; arrays held, not copied. */
    public Map<String, float[]> contents() {
        return contents;
    }

    /** The task ledger's counters. */
    public Map<LedgerCounter, Long> ledgerCounters() {
        return ledgerCounters;
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
        private long baseVersion;
        private float[] parameters;
        private float[] base;
        private OptimizerState optimizer;
        private LinearizedReward reward;
        private double eta = Double.NaN;
        private double lastControlCost = Double.NaN;
        private double criticNoiseFloor = Double.NaN;
        private double[] lossClipState = new double[0];
        private Map<String, Double> scheduleState = Map.of();
        private Map<String, float[]> contents = Map.of();
        private Map<LedgerCounter, Long> ledgerCounters = Map.of();

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

        /** Sets the base θ_{k−1} and its version (required; held, not copied). */
        public Builder setBase(long baseVersion, float[] base) {
            this.baseVersion = baseVersion;
            this.base = base;
            return this;
        }

        /** Sets the optimizer state (required). */
        public Builder setOptimizer(OptimizerState optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Sets the mirror step's linearized reward and η_k (default: none yet, NaN). */
        public Builder optReward(LinearizedReward reward, double eta) {
            this.reward = reward;
            this.eta = eta;
            return this;
        }

        /** Sets the last AM step's control cost (default NaN). */
        public Builder optLastControlCost(double lastControlCost) {
            this.lastControlCost = lastControlCost;
            return this;
        }

        /** Sets the critic's noise floor (default NaN). */
        public Builder optCriticNoiseFloor(double criticNoiseFloor) {
            this.criticNoiseFloor = criticNoiseFloor;
            return this;
        }

        /** Sets the loss-clipping state (default empty: no clipping state yet). */
        public Builder optLossClipState(double[] lossClipState) {
            this.lossClipState = lossClipState;
            return this;
        }

        /** Sets the schedule state. */
        public Builder optScheduleState(Map<String, Double> scheduleState) {
            this.scheduleState = scheduleState;
            return this;
        }

        /** Sets the stored contents (held, not copied). */
        public Builder optContents(Map<String, float[]> contents) {
            this.contents = contents;
            return this;
        }

        /** Sets the ledger counters. */
        public Builder optLedgerCounters(Map<LedgerCounter, Long> ledgerCounters) {
            this.ledgerCounters = ledgerCounters;
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
