package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.TaskId;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.ParameterVersion;

/**
 * Builds task protos and their seeds. Every seed is a pure function of (run seed, purpose, k, n,
 * task index, seed generation) through a counter-based stream (ARCHITECTURE.md, "Randomness"), so
 * a task computes the same numbers wherever it runs and a resumed run issues the same seeds.
 */
final class TaskFactory {

    private final RunConfig config;

    TaskFactory(RunConfig config) {
        this.config = config;
    }

    /** The seed of task {@code id} for {@code purpose}; {@code generation} 1 after a re-seed. */
    long seed(Purpose purpose, TaskId id, int generation) {
        CounterRng rng = CounterRng.of(config.seed(), purpose, id.mirrorStep(), id.amStep(), id.index(), generation);
        return ((long) rng.nextInt() << 32) | (rng.nextInt() & 0xffffffffL);
    }

    /** The wire form of a ledger task id. */
    static dev.fdc.protocol.v1.TaskId toProto(TaskId id) {
        return dev.fdc.protocol.v1.TaskId.newBuilder()
                .setRunId(id.runId())
                .setCoordinatorEpoch(id.epoch())
                .setMirrorStep(id.mirrorStep())
                .setAmStep(id.amStep())
                .setTaskIndex(id.index())
                .build();
    }

    /** The ledger form of a wire task id. */
    static TaskId fromProto(dev.fdc.protocol.v1.TaskId id) {
        return new TaskId(
                id.getRunId(), id.getCoordinatorEpoch(), id.getMirrorStep(), id.getAmStep(), id.getTaskIndex());
    }

    /** An Adjoint Matching task at θ_v with the step's reward and the current loss threshold. */
    Task.AdjointMatching adjointMatching(
            TaskId id,
            int generation,
            ParameterVersion current,
            ParameterVersion base,
            ParameterVersion pre,
            LinearizedReward reward,
            double eta,
            double lossClipThreshold) {
        AdjointMatchingTask.Builder b = AdjointMatchingTask.newBuilder()
                .setTaskId(toProto(id))
                .setParameterVersion(current)
                .setBaseVersion(base)
                .setPretrainedVersion(pre)
                .setReward(reward)
                .setEta(eta)
                .setSeed(seed(Purpose.SDE_NOISE, id, generation))
                .setBatchSize(config.trajectories())
                .setGridSteps(config.gridSteps())
                .setTimeSubsetSize(config.timeSubsetSize());
        // A threshold of 0 (the p90 of losses that are mostly 0, e.g. a sparse CVaR tail early on)
        // would drop every sample that carries gradient: send none then.
        if (Double.isFinite(lossClipThreshold) && lossClipThreshold > 0) {
            b.setLossClipThreshold(lossClipThreshold);
        }
        return new Task.AdjointMatching(id, b.build());
    }
}
