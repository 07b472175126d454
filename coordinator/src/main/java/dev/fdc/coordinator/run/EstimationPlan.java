package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.coordinator.ledger.TaskLedger;
import dev.fdc.coordinator.objective.Objective;
import dev.fdc.coordinator.objective.ObjectiveTerm;
import dev.fdc.coordinator.objective.RenyiTerm;
import dev.fdc.coordinator.objective.WassersteinTerm;
import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.LogDensityRatioRequest;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.StatisticsTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which tasks the estimation phase of mirror step k issues for the statistics {@code
 * objective.needs()} asks for (MATH.md §4–5), all with {@code n = 0}:
 *
 * <ul>
 *   <li>G = max(1, #rewards, #feature maps) groups of M statistics tasks over p_{k−1}, task index
 *       {@code g·M + i}; task i of every group uses the same seed, so all groups see the same
 *       points; group g carries reward g and feature map g, group 0 also the samples and the
 *       log-densities (Rényi);
 *   <li>if sample sets are needed and p_pre's are not stored yet, M tasks over θ_pre (index
 *       {@code G·M + i}, seeded as mirror step 0);
 *   <li>for a Wasserstein-1 term, once the samples are in, one critic task (index {@code (G+1)·M}).
 * </ul>
 *
 * No statistics at all: no tasks (the snapshot is empty).
 */
final class EstimationPlan {

    final int k;
    final int tasksPerGroup;
    final int groups;
    final List<RewardModel> rewards;
    final List<FeatureMap> features;
    final boolean wantSamples;
    final RenyiTerm renyi;
    final WassersteinTerm wasserstein;
    private final RunConfig config;
    private final int dim;
    private final TaskLedger ledger;
    private final TaskFactory factory;

    EstimationPlan(int k, RunConfig config, int dim, Objective objective, TaskLedger ledger, TaskFactory factory) {
        this.k = k;
        this.config = config;
        this.dim = dim;
        this.ledger = ledger;
        this.factory = factory;
        this.tasksPerGroup = config.tasksPerStep();
        StatisticsNeeds needs = objective.needs();
        this.rewards = List.copyOf(needs.rewards());
        this.features = List.copyOf(needs.featureMaps());
        RenyiTerm r = null;
        WassersteinTerm w = null;
        for (ObjectiveTerm t : objective.terms()) {
            r = r == null && t instanceof RenyiTerm rt ? rt : r;
            w = w == null && t instanceof WassersteinTerm wt ? wt : w;
        }
        this.renyi = needs.forLinearization().contains(Statistic.LOG_DENSITIES) ? r : null;
        this.wasserstein = needs.forLinearization().contains(Statistic.CRITIC) ? w : null;
        this.wantSamples = wasserstein != null || needs.forLinearization().contains(Statistic.SAMPLE_SETS);
        boolean anything = !rewards.isEmpty() || !features.isEmpty() || wantSamples || renyi != null;
        this.groups = anything ? Math.max(1, Math.max(rewards.size(), features.size())) : 0;
    }

    /** The key of task {@code index} of this phase. */
    TaskKey key(int index) {
        return ledger.taskId(k, 0, index);
    }

    /** The statistics tasks over p_{k−1} ({@code current}) and, when needed, over p_pre. */
    List<StatisticsTask> statisticsTasks(ParameterVersion current, ParameterVersion pre, boolean preSamplesStored) {
        List<StatisticsTask> tasks = new ArrayList<>();
        int m = tasksPerGroup;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < m; i++) {
                StatisticsTask.Builder b = base(g * m + i, i, k, current);
                if (g < rewards.size()) {
                    b.setReward(rewards.get(g));
                }
                if (g < features.size()) {
                    b.setFeatures(features.get(g).wireName());
                }
                if (g == 0 && wantSamples) {
                    b.setReturnSamples(true);
                }
                if (g == 0 && renyi != null) {
                    b.setLogDensityRatio(LogDensityRatioRequest.newBuilder()
                            .setPretrainedVersion(pre)
                            .setOdeSteps(renyi.odeSteps())
                            .setHutchinsonProbes(renyi.hutchinsonProbes()));
                }
                tasks.add(b.build());
            }
        }
        if (wantSamples && !preSamplesStored) {
            for (int i = 0; i < m; i++) {
                tasks.add(base(groups * m + i, i, 0, pre).setReturnSamples(true).build());
            }
        }
        return tasks;
    }

    /** Whether statistics task {@code index} samples p_pre (the sample set of the pre-trained model). */
    boolean isPreSampleTask(int index) {
        return index >= groups * tasksPerGroup;
    }

    /** The critic task on the stored sample sets, if the objective has a Wasserstein-1 term. */
    Optional<CriticTask> criticTask(ContentRef current, ContentRef pre) {
        if (wasserstein == null) {
            return Optional.empty();
        }
        RunConfig.CriticSettings s = config.critic();
        TaskKey id = key((groups + 1) * tasksPerGroup);
        CriticTask.Builder b = CriticTask.newBuilder()
                .setTaskId(id.toProto())
                .setCurrentSamples(current)
                .setPreSamples(pre)
                .setDim(dim)
                .setCritic(criticArchitecture())
                .setSteps(s.steps())
                .setLearningRate(s.learningRate())
                .setGradientPenaltyWeight(s.gradientPenalty())
                .setBatchSize(s.batchSize())
                .setSeed(factory.seed(Purpose.CRITIC, id, 0));
        for (double a : wasserstein.groundMetric()) {
            b.addGroundMetric(a);
        }
        return Optional.of(b.build());
    }

    /** The critic network of the Wasserstein-1 term. */
    MlpArchitecture criticArchitecture() {
        return MlpArchitecture.newBuilder()
                .setInputDim(dim)
                .addAllHidden(wasserstein.criticHidden())
                .setOutputDim(1)
                .setActivation(wasserstein.criticActivation())
                .build();
    }

    /** Samples per task: the statistics samples split over the M tasks of a group. */
    int samples(int i) {
        int m = tasksPerGroup;
        return config.statisticsSamples() / m + (i < config.statisticsSamples() % m ? 1 : 0);
    }

    private StatisticsTask.Builder base(int index, int i, int seedMirrorStep, ParameterVersion version) {
        // Task i of every group shares a seed (same points); p_pre's samples are seeded as k = 0.
        TaskKey seedId = ledger.taskId(seedMirrorStep, 0, i);
        return StatisticsTask.newBuilder()
                .setTaskId(key(index).toProto())
                .setParameterVersion(version)
                .setSampleCount(samples(i))
                .setGridSteps(config.gridSteps())
                .setSeed(factory.seed(Purpose.STATISTICS, seedId, 0));
    }
}
