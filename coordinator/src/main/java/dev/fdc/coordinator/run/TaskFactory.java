package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.Task;

/**
 * Builds tasks and their seeds. Every seed is a pure function of (run seed, purpose, k, n, task
 * index, seed generation) through a counter-based stream (ARCHITECTURE.md, "Randomness"), so a
 * task computes the same numbers wherever it runs and a resumed run issues the same seeds.
 */
final class TaskFactory {

    private final RunConfig config;

    TaskFactory(RunConfig config) {
        this.config = config;
    }

    /** The seed of task {@code id} for {@code purpose}; {@code generation} 1 after a re-seed. */
    long seed(Purpose purpose, TaskKey id, int generation) {
        CounterRng rng = CounterRng.of(config.seed(), purpose, id.mirrorStep(), id.amStep(), id.index(), generation);
        return ((long) rng.nextInt() << 32) | (rng.nextInt() & 0xffffffffL);
    }

    /** An Adjoint Matching task at θ_v with the step's reward and the current loss threshold. */
    Task adjointMatching(
            TaskKey id,
            ParameterVersion current,
            ParameterVersion base,
            ParameterVersion pre,
            LinearizedReward reward,
            double eta,
            double lossClipThreshold) {
        AdjointMatchingTask.Builder b = AdjointMatchingTask.newBuilder()
                .setTaskId(id.toProto())
                .setParameterVersion(current)
                .setBaseVersion(base)
                .setPretrainedVersion(pre)
                .setReward(reward)
                .setEta(eta)
                .setSeed(seed(Purpose.SDE_NOISE, id, 0))
                .setBatchSize(config.trajectories())
                .setGridSteps(config.gridSteps())
                .setTimeSubsetSize(config.timeSubsetSize());
        // A threshold of 0 (the p90 of losses that are mostly 0, e.g. a sparse CVaR tail early on)
        // would drop every sample that carries gradient: send none then.
        if (Double.isFinite(lossClipThreshold) && lossClipThreshold > 0) {
            b.setLossClipThreshold(lossClipThreshold);
        }
        return Tasks.of(b.build());
    }

    /** {@code task} (an Adjoint Matching task) computed against {@code version} instead. */
    static Task atVersion(Task task, ParameterVersion version) {
        return Tasks.of(task.getAdjointMatching().toBuilder()
                .setParameterVersion(version)
                .build());
    }

    /** {@code task} with the seed of generation {@code generation} for its kind's purpose. */
    Task reseed(Task task, TaskKey id, int generation) {
        return switch (task.getKindCase()) {
            case ADJOINT_MATCHING ->
                Tasks.of(task.getAdjointMatching().toBuilder()
                        .setSeed(seed(Purpose.SDE_NOISE, id, generation))
                        .build());
            case STATISTICS ->
                Tasks.of(task.getStatistics().toBuilder()
                        .setSeed(seed(Purpose.STATISTICS, id, generation))
                        .build());
            case CRITIC ->
                Tasks.of(task.getCritic().toBuilder()
                        .setSeed(seed(Purpose.CRITIC, id, generation))
                        .build());
            case KIND_NOT_SET -> throw new IllegalArgumentException("an empty task envelope");
        };
    }
}
