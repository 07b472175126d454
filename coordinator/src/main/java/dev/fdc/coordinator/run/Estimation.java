package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.TaskId;
import dev.fdc.coordinator.ledger.TaskLedger;
import dev.fdc.coordinator.objective.Objective;
import dev.fdc.coordinator.objective.ObjectiveTerm;
import dev.fdc.coordinator.objective.RenyiTerm;
import dev.fdc.coordinator.objective.WassersteinTerm;
import dev.fdc.coordinator.statistics.Statistic;
import dev.fdc.coordinator.statistics.StatisticsNeeds;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.LogDensityRatioRequest;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.StatisticsTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The estimation phase of mirror step k: the statistics of p_{k−1} that {@code objective.needs()}
 * asks for (MATH.md §4–5), pooled over all tasks in task-id order.
 *
 * <p>Task layout (all with {@code n = 0}): G = max(1, #rewards, #feature maps) groups of M tasks
 * over p_{k−1}, task index {@code g·M + i}; task i of every group uses the same seed, so all
 * groups see the same points; group g carries reward g and feature map g, group 0 also the
 * samples and log-densities. Then, if sample sets are needed and p_pre's are not stored yet, M
 * tasks over θ_pre (index {@code G·M + i}); then, for a Wasserstein-1 term, one critic task
 * (index {@code (G+1)·M}). The critic's value at k = 1 (p_0 = p_pre) is pure noise: it is kept as
 * the noise floor of later steps.
 */
final class Estimation {

    static final String PRE_SAMPLES = "samples/pre";

    private final int k;
    private final RunConfig config;
    private final int dim;
    private final TaskLedger ledger;
    private final TaskFactory factory;
    private final ContentStore contents;
    private final List<RewardModel> rewards;
    private final List<FeatureMap> features;
    private final boolean wantSamples;
    private final RenyiTerm renyi;
    private final WassersteinTerm wasserstein;
    private final ParameterVersion current;
    private final ParameterVersion pre;
    private final int groups;
    private final Map<TaskId, Map<String, float[]>> results = new TreeMap<>();
    private final List<TaskId> expected = new ArrayList<>();
    private double criticNoiseFloor;
    private StatisticsSnapshot.Critic critic;
    private boolean criticIssued;
    private StatisticsSnapshot snapshot;

    Estimation(
            int k,
            RunConfig config,
            int dim,
            Objective objective,
            TaskLedger ledger,
            TaskFactory factory,
            ContentStore contents,
            ParameterVersion current,
            ParameterVersion pre,
            double criticNoiseFloor) {
        this.k = k;
        this.config = config;
        this.dim = dim;
        this.ledger = ledger;
        this.factory = factory;
        this.contents = contents;
        this.current = current;
        this.pre = pre;
        this.criticNoiseFloor = criticNoiseFloor;
        StatisticsNeeds needs = objective.needs();
        this.rewards = new ArrayList<>(needs.rewards());
        this.features = new ArrayList<>(needs.featureMaps());
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

    /** The statistics tasks to issue now (none when the objective needs no statistics). */
    List<Task> start() {
        List<Task> tasks = new ArrayList<>();
        int m = config.tasksPerStep();
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < m; i++) {
                StatisticsTask.Builder b = base(g * m + i, i, current);
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
                tasks.add(issue(b));
            }
        }
        if (wantSamples && !contents.all().containsKey(PRE_SAMPLES)) {
            for (int i = 0; i < m; i++) {
                tasks.add(issue(base(groups * m + i, i, pre).setReturnSamples(true)));
            }
        }
        if (tasks.isEmpty()) {
            snapshot = StatisticsSnapshot.builder(k).build();
        }
        return tasks;
    }

    private StatisticsTask.Builder base(int index, int i, ParameterVersion version) {
        int m = config.tasksPerStep();
        int n = config.statisticsSamples() / m + (i < config.statisticsSamples() % m ? 1 : 0);
        TaskId id = ledger.taskId(k, 0, index);
        // Task i of every group shares a seed (same points); p_pre's samples use k = 0.
        TaskId seedId = ledger.taskId(version.equals(pre) && index >= groups * m ? 0 : k, 0, i);
        return StatisticsTask.newBuilder()
                .setTaskId(TaskFactory.toProto(id))
                .setParameterVersion(version)
                .setSampleCount(n)
                .setGridSteps(config.gridSteps())
                .setSeed(factory.seed(Purpose.STATISTICS, seedId, 0));
    }

    private Task issue(StatisticsTask.Builder b) {
        TaskId id = TaskFactory.fromProto(b.getTaskId());
        ledger.issue(id);
        expected.add(id);
        return new Task.Statistics(id, b.build());
    }

    /** A re-seeded statistics task (after its retries ran out). */
    static Task reseed(Task.Statistics t, TaskFactory factory, int generation) {
        return new Task.Statistics(
                t.id(),
                t.proto().toBuilder()
                        .setSeed(factory.seed(Purpose.STATISTICS, t.id(), generation))
                        .build());
    }

    /**
     * Takes one statistics task's arrays; returns the follow-up tasks (the critic) once all are in.
     *
     * @throws IllegalArgumentException naming the missing or mis-sized array
     */
    List<Task> onStatistics(TaskId id, StatisticsTask task, Map<String, float[]> arrays) {
        int n = task.getSampleCount();
        check(arrays, "rewards", task.hasReward() ? n : -1, id);
        check(arrays, "samples", task.getReturnSamples() ? n * dim : -1, id);
        check(arrays, "log_p", task.hasLogDensityRatio() ? n : -1, id);
        check(arrays, "log_p_pre", task.hasLogDensityRatio() ? n : -1, id);
        if (!task.getFeatures().isEmpty()) {
            check(arrays, "features", n * FeatureMap.byName(task.getFeatures()).featureDim(dim), id);
        }
        results.put(id, arrays);
        if (results.size() < expected.size()) {
            return List.of();
        }
        if (wasserstein != null && !criticIssued) {
            criticIssued = true;
            return List.of(criticTask());
        }
        snapshot = build();
        return List.of();
    }

    private static void check(Map<String, float[]> arrays, String name, int length, TaskId id) {
        if (length < 0) {
            return;
        }
        float[] a = arrays.get(name);
        if (a == null || a.length != length) {
            throw new IllegalArgumentException("statistics of task " + id + ": array '" + name + "' has "
                    + (a == null ? "no values" : a.length + " values") + ", expected " + length);
        }
    }

    private Task criticTask() {
        storeSampleSets();
        WassersteinTerm w = wasserstein;
        RunConfig.CriticSettings s = config.critic();
        TaskId id = ledger.taskId(k, 0, (groups + 1) * config.tasksPerStep());
        ledger.issue(id);
        CriticTask.Builder b = CriticTask.newBuilder()
                .setTaskId(TaskFactory.toProto(id))
                .setCurrentSamples(ref(currentSamplesId()))
                .setPreSamples(ref(PRE_SAMPLES))
                .setDim(dim)
                .setCritic(architecture(w))
                .setSteps(s.steps())
                .setLearningRate(s.learningRate())
                .setGradientPenaltyWeight(s.gradientPenalty())
                .setBatchSize(s.batchSize())
                .setSeed(factory.seed(Purpose.CRITIC, id, 0));
        for (double a : w.groundMetric()) {
            b.addGroundMetric(a);
        }
        return new Task.Critic(id, b.build());
    }

    private MlpArchitecture architecture(WassersteinTerm w) {
        return MlpArchitecture.newBuilder()
                .setInputDim(dim)
                .addAllHidden(w.criticHidden())
                .setOutputDim(1)
                .setActivation(w.criticActivation())
                .build();
    }

    /** Takes the critic's result and parameters; the snapshot is then complete. */
    void onCritic(CriticResult result, float[] parameters) {
        ContentRef params = contents.put("critic/k" + k, parameters);
        if (k == 1) {
            criticNoiseFloor = Math.abs(result.getValue());
        }
        critic = new StatisticsSnapshot.Critic(params, architecture(wasserstein), result.getValue(), criticNoiseFloor);
        snapshot = build();
    }

    /** The critic noise floor (the k = 1 critic's |value|), for later steps and checkpoints. */
    double criticNoiseFloor() {
        return criticNoiseFloor;
    }

    /** The statistics of p_{k−1} once every task is in, else null. */
    StatisticsSnapshot snapshot() {
        return snapshot;
    }

    private String currentSamplesId() {
        return "samples/k" + k;
    }

    private ContentRef ref(String id) {
        return ContentStore.ref(id, contents.all().get(id));
    }

    private void storeSampleSets() {
        if (!wantSamples || contents.all().containsKey(currentSamplesId())) {
            return;
        }
        int m = config.tasksPerStep();
        contents.put(currentSamplesId(), concat(0, m, "samples"));
        if (!contents.all().containsKey(PRE_SAMPLES)) {
            contents.put(PRE_SAMPLES, concat(groups * m, m, "samples"));
        }
    }

    /** The named arrays of tasks {@code from .. from+count−1}, concatenated in task-id order. */
    private float[] concat(int from, int count, String name) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (int i = from; i < from + count; i++) {
            float[] a = results.get(ledger.taskId(k, 0, i)).get(name);
            parts.add(a);
            total += a.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    private StatisticsSnapshot build() {
        int m = config.tasksPerStep();
        StatisticsSnapshot.Builder b = StatisticsSnapshot.builder(k);
        for (int g = 0; g < rewards.size(); g++) {
            for (int i = 0; i < m; i++) {
                b.addRewards(
                        rewards.get(g),
                        toDouble(results.get(ledger.taskId(k, 0, g * m + i)).get("rewards")));
            }
        }
        for (int g = 0; g < features.size(); g++) {
            FeatureMap map = features.get(g);
            int p = map.featureDim(dim);
            b.setFeatureMoments(new StatisticsSnapshot.FeatureMoments(
                    map, p, secondMoment(concat(g * m, m, "features"), p), config.statisticsSamples()));
        }
        if (renyi != null) {
            b.setLogDensities(new StatisticsSnapshot.LogDensities(
                    toDouble(concat(0, m, "log_p")), toDouble(concat(0, m, "log_p_pre"))));
        }
        if (wantSamples) {
            storeSampleSets();
            float[] cur = contents.all().get(currentSamplesId());
            float[] pr = contents.all().get(PRE_SAMPLES);
            b.setSampleSets(
                    new StatisticsSnapshot.SampleSet(ref(currentSamplesId()), dim, cur),
                    new StatisticsSnapshot.SampleSet(ref(PRE_SAMPLES), dim, pr));
        }
        if (critic != null) {
            b.setCritic(critic);
        }
        return b.build();
    }

    /** E[ΦΦᵀ] of row-major features [n, p], summed in double in row order. */
    private static double[] secondMoment(float[] phi, int p) {
        int n = phi.length / p;
        double[] m = new double[p * p];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < p; c++) {
                    m[a * p + c] += (double) phi[i * p + a] * phi[i * p + c];
                }
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= n;
        }
        return m;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
