package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The estimation phase of mirror step k: issues the {@link EstimationPlan}'s tasks, checks each
 * result's arrays against its task, pools them in task-id order into the {@link
 * StatisticsSnapshot} of p_{k−1}, and stores the sample sets (and the critic's parameters) that
 * linearized terms reference. The critic's value at k = 1 (p_0 = p_pre) is pure noise: it is kept
 * as the noise floor of later steps.
 */
final class Estimation {

    static final String PRE_SAMPLES = "samples/pre";

    private final EstimationPlan plan;
    private final int dim;
    private final long statisticsSamples;
    private final ContentStore contents;
    private final Map<TaskKey, Map<String, float[]>> results = new TreeMap<>();
    private final List<TaskKey> expected = new ArrayList<>();
    private double criticNoiseFloor;
    private StatisticsSnapshot.Critic critic;
    private boolean criticIssued;
    private StatisticsSnapshot snapshot;

    Estimation(EstimationPlan plan, int dim, long statisticsSamples, ContentStore contents, double criticNoiseFloor) {
        this.plan = plan;
        this.dim = dim;
        this.statisticsSamples = statisticsSamples;
        this.contents = contents;
        this.criticNoiseFloor = criticNoiseFloor;
    }

    /** The statistics tasks to issue now (none when the objective needs no statistics). */
    List<Task> start(ParameterVersion current, ParameterVersion pre) {
        List<Task> tasks = new ArrayList<>();
        for (StatisticsTask t :
                plan.statisticsTasks(current, pre, contents.all().containsKey(PRE_SAMPLES))) {
            expected.add(TaskKey.of(t.getTaskId()));
            tasks.add(Tasks.of(t));
        }
        if (tasks.isEmpty()) {
            snapshot = StatisticsSnapshot.builder(plan.k).build();
        }
        return tasks;
    }

    /**
     * Takes one statistics task's arrays; returns the follow-up tasks (the critic) once all are in.
     *
     * @throws IllegalArgumentException naming the missing or mis-sized array
     */
    List<Task> onStatistics(TaskKey id, StatisticsTask task, Map<String, float[]> arrays) {
        int n = task.getSampleCount();
        check(arrays, TensorNames.REWARDS, task.hasReward() ? n : -1, id);
        check(arrays, TensorNames.SAMPLES, task.getReturnSamples() ? (long) n * dim : -1, id);
        check(arrays, TensorNames.LOG_P, task.hasLogDensityRatio() ? n : -1, id);
        check(arrays, TensorNames.LOG_P_PRE, task.hasLogDensityRatio() ? n : -1, id);
        if (!task.getFeatures().isEmpty()) {
            check(
                    arrays,
                    TensorNames.FEATURES,
                    (long) n * FeatureMap.byName(task.getFeatures()).featureDim(dim),
                    id);
        }
        results.put(id, arrays);
        if (results.size() < expected.size()) {
            return List.of();
        }
        if (plan.wasserstein != null && !criticIssued) {
            criticIssued = true;
            storeSampleSets();
            CriticTask c =
                    plan.criticTask(ref(currentSamplesId()), ref(PRE_SAMPLES)).orElseThrow();
            return List.of(Tasks.of(c));
        }
        snapshot = build();
        return List.of();
    }

    /** Takes the critic's result and parameters; the snapshot is then complete. */
    void onCritic(CriticResult result, float[] parameters) {
        ContentRef params = contents.put("critic/k" + plan.k, parameters);
        if (plan.k == 1) {
            criticNoiseFloor = Math.abs(result.getValue());
        }
        critic = new StatisticsSnapshot.Critic(params, plan.criticArchitecture(), result.getValue(), criticNoiseFloor);
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

    private static void check(Map<String, float[]> arrays, String name, long length, TaskKey id) {
        if (length < 0) {
            return;
        }
        float[] a = arrays.get(name);
        if (a == null || a.length != length) {
            throw new IllegalArgumentException("statistics of task " + id + ": array '" + name + "' has "
                    + (a == null ? "no values" : a.length + " values") + ", expected " + length);
        }
    }

    private String currentSamplesId() {
        return "samples/k" + plan.k;
    }

    private ContentRef ref(String id) {
        return ContentStore.ref(id, contents.all().get(id));
    }

    private void storeSampleSets() {
        if (!plan.wantSamples || contents.all().containsKey(currentSamplesId())) {
            return;
        }
        int m = plan.tasksPerGroup;
        contents.put(currentSamplesId(), concat(0, m, TensorNames.SAMPLES));
        if (!contents.all().containsKey(PRE_SAMPLES)) {
            contents.put(PRE_SAMPLES, concat(plan.groups * m, m, TensorNames.SAMPLES));
        }
    }

    /** The named arrays of tasks {@code from .. from+count−1}, concatenated in task-id order. */
    private float[] concat(int from, int count, String name) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (int i = from; i < from + count; i++) {
            float[] a = results.get(plan.key(i)).get(name);
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
        int m = plan.tasksPerGroup;
        StatisticsSnapshot.Builder b = StatisticsSnapshot.builder(plan.k);
        for (int g = 0; g < plan.rewards.size(); g++) {
            for (int i = 0; i < m; i++) {
                b.addRewards(
                        plan.rewards.get(g),
                        toDouble(results.get(plan.key(g * m + i)).get(TensorNames.REWARDS)));
            }
        }
        for (int g = 0; g < plan.features.size(); g++) {
            FeatureMap map = plan.features.get(g);
            int p = map.featureDim(dim);
            b.setFeatureMoments(new StatisticsSnapshot.FeatureMoments(
                    map, p, secondMoment(concat(g * m, m, TensorNames.FEATURES), p), statisticsSamples));
        }
        if (plan.renyi != null) {
            b.setLogDensities(new StatisticsSnapshot.LogDensities(
                    toDouble(concat(0, m, TensorNames.LOG_P)), toDouble(concat(0, m, TensorNames.LOG_P_PRE))));
        }
        if (plan.wantSamples) {
            storeSampleSets();
            b.setSampleSets(
                    new StatisticsSnapshot.SampleSet(
                            ref(currentSamplesId()), dim, contents.all().get(currentSamplesId())),
                    new StatisticsSnapshot.SampleSet(
                            ref(PRE_SAMPLES), dim, contents.all().get(PRE_SAMPLES)));
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
