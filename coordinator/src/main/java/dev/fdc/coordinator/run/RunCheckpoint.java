package dev.fdc.coordinator.run;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.OptimizerState;
import dev.fdc.numerics.optim.AdamState;
import dev.fdc.protocol.v1.LinearizedReward;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run state a {@link RunCore} needs to resume bit for bit, and its mapping onto a
 * {@link CheckpointState}. Scalars that have no field of their own go to {@code statistics} under
 * {@code run.*} (exact doubles); stored contents (sample sets, critic parameters) under
 * {@code content/<id>} (floats widened to doubles, exact); the linearized reward of the current
 * mirror step as base64 protobuf in {@code metadata["run.linearized-reward"]}.
 *
 * @param k mirror step
 * @param n AM steps applied in it (n = N: the mirror step is finished)
 * @param version parameter version of {@code parameters}
 * @param baseVersion version of the frozen base θ_{k−1}
 * @param parameters θ_v
 * @param base θ_{k−1}
 * @param adam Adam's state
 * @param lossClipEma the loss-clipping EMA (NaN before the first update)
 * @param lossClipThreshold the threshold it implies (+∞ before the first update)
 * @param eta η_k
 * @param lastControlCost control cost of the last AM step (the trust region's input)
 * @param criticNoiseFloor the Wasserstein critic's noise floor (NaN if none)
 * @param reward the linearized reward of mirror step k (null if not linearized yet)
 * @param contents stored contents by id
 * @param schedule the step-size schedule's state
 * @param ledgerCounters the task ledger's counters
 */
record RunCheckpoint(
        int k,
        int n,
        long version,
        long baseVersion,
        float[] parameters,
        float[] base,
        AdamState adam,
        double lossClipEma,
        double lossClipThreshold,
        double eta,
        double lastControlCost,
        double criticNoiseFloor,
        LinearizedReward reward,
        Map<String, float[]> contents,
        Map<String, Double> schedule,
        Map<String, Long> ledgerCounters) {

    private static final String CONTENT = "content/";
    private static final String REWARD = "run.linearized-reward";

    /** The checkpoint of run {@code runId} written by epoch {@code epoch}. */
    CheckpointState toState(String runId, long epoch) {
        Map<String, double[]> stats = new LinkedHashMap<>();
        stats.put("run.base-version", new double[] {baseVersion});
        stats.put("run.loss-clip-ema", new double[] {lossClipEma});
        stats.put("run.eta", new double[] {eta});
        stats.put("run.last-control-cost", new double[] {lastControlCost});
        stats.put("run.critic-noise-floor", new double[] {criticNoiseFloor});
        contents.forEach((id, values) -> {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            stats.put(CONTENT + id, d);
        });
        Map<String, String> meta = new LinkedHashMap<>();
        if (reward != null) {
            meta.put(REWARD, Base64.getEncoder().encodeToString(reward.toByteArray()));
        }
        return CheckpointState.builder()
                .setRunId(runId)
                .setPosition(epoch, k, n, version)
                .setParameters(parameters)
                .setBase(base)
                .setOptimizer(new OptimizerState(adam.firstMoment(), adam.secondMoment(), adam.step(), Map.of()))
                .optLedgerCounters(ledgerCounters)
                .optStatistics(stats)
                .optScheduleState(schedule)
                .optLossClipThreshold(lossClipThreshold)
                .optMetadata(meta)
                .build();
    }

    /**
     * Reads back what {@link #toState} wrote.
     *
     * @throws IllegalArgumentException naming a missing or malformed entry
     */
    static RunCheckpoint fromState(CheckpointState s) {
        Map<String, float[]> contents = new LinkedHashMap<>();
        s.statistics().forEach((key, d) -> {
            if (key.startsWith(CONTENT)) {
                float[] f = new float[d.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) d[i];
                }
                contents.put(key.substring(CONTENT.length()), f);
            }
        });
        LinearizedReward reward = null;
        String encoded = s.metadata().get(REWARD);
        if (encoded != null) {
            try {
                reward = LinearizedReward.parseFrom(Base64.getDecoder().decode(encoded));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "checkpoint metadata '" + REWARD + "' is not a " + "base64 LinearizedReward: " + e.getMessage(),
                        e);
            }
        }
        OptimizerState o = s.optimizer();
        return new RunCheckpoint(
                s.mirrorStep(),
                s.amStep(),
                s.parameterVersion(),
                (long) scalar(s, "run.base-version"),
                s.parameters(),
                s.base(),
                new AdamState(o.m(), o.v(), o.step()),
                scalar(s, "run.loss-clip-ema"),
                s.lossClipThreshold(),
                scalar(s, "run.eta"),
                scalar(s, "run.last-control-cost"),
                scalar(s, "run.critic-noise-floor"),
                reward,
                contents,
                s.scheduleState(),
                s.ledgerCounters());
    }

    private static double scalar(CheckpointState s, String key) {
        double[] v = s.statistics().get(key);
        if (v == null || v.length != 1) {
            throw new IllegalArgumentException(
                    "checkpoint statistics lack the run scalar '" + key + "': not a checkpoint written by RunCore");
        }
        return v[0];
    }
}
