package dev.fdc.tests.actors;

import com.google.protobuf.Message;
import dev.fdc.coordinator.actor.CoreAction;
import dev.fdc.coordinator.actor.RunCoreFactory;
import dev.fdc.coordinator.actor.RunCorePort;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.OptimizerState;
import dev.fdc.coordinator.ledger.ApplyDecision;
import dev.fdc.coordinator.ledger.FailureAction;
import dev.fdc.coordinator.ledger.FailureDecision;
import dev.fdc.coordinator.ledger.TaskFailurePolicy;
import dev.fdc.coordinator.ledger.TaskLedger;
import dev.fdc.protocol.message.TaskInputs;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.ModelSpec;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.TaskFailed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A small run core with the shape {@code RunCore} will have (used until it lands): K mirror steps,
 * each an estimation phase of S statistics tasks and N Adjoint Matching steps of M tasks, Adam on a
 * flat θ, a {@link TaskLedger} as the at-most-once gate, checkpoints every C versions and at the
 * end. Sync mode reduces the M gradients in task-index order; async mode applies each on arrival
 * under the ledger's staleness and mirror-step rules, with W tasks in flight. Everything it applies
 * goes to the {@link Recorder}, which the tests check.
 */
final class TestingRunCore implements RunCorePort {

    record Spec(
            String runId,
            int dim,
            int mirrorSteps,
            int amSteps,
            int tasksPerStep,
            int statisticsTasks,
            boolean async,
            int staleness,
            int window,
            int checkpointEvery,
            long seed,
            Duration taskTimeout) {

        static Spec sync(int dim) {
            return new Spec("run1", dim, 2, 3, 3, 2, false, 2, 4, 2, 42, Duration.ofSeconds(5));
        }

        Spec withAsync(int staleness, int window) {
            return new Spec(
                    runId,
                    dim,
                    mirrorSteps,
                    amSteps,
                    tasksPerStep,
                    statisticsTasks,
                    true,
                    staleness,
                    window,
                    checkpointEvery,
                    seed,
                    taskTimeout);
        }
    }

    private final Spec spec;
    private final long epoch;
    private final TaskLedger ledger;
    private final Recorder recorder;
    private final Map<Long, float[]> versions = new HashMap<>();
    private final Map<TaskKey, Message> outstanding = new LinkedHashMap<>();
    private final List<Message> toIssue = new ArrayList<>();
    private final TreeMap<Integer, float[]> stepGradients = new TreeMap<>();
    private final TreeMap<Integer, Long> stepSamples = new TreeMap<>();
    private final TreeMap<Integer, Double> stepStatistics = new TreeMap<>();
    private int k;
    private int n;
    private long version;
    private long baseVersion;
    private float[] theta;
    private float[] base;
    private float[] m;
    private float[] v;
    private long adamStep;
    private double statisticMean;
    private int nextAsyncIndex;
    private int appliedInStep;
    private boolean checkpointDue;
    private long lastCheckpointVersion = -1;
    private boolean finished;

    static RunCoreFactory factory(Spec spec, Recorder recorder) {
        return (epoch, checkpoint) -> new TestingRunCore(spec, epoch, checkpoint, recorder);
    }

    private TestingRunCore(Spec spec, long epoch, Optional<CheckpointState> checkpoint, Recorder recorder) {
        this.spec = spec;
        this.epoch = epoch;
        this.recorder = recorder;
        this.ledger =
                new TaskLedger(spec.runId(), epoch, new TaskFailurePolicy(2), spec.taskTimeout(), Clock.systemUTC());
        if (checkpoint.isPresent()) {
            CheckpointState s = checkpoint.get();
            theta = s.parameters();
            base = s.base();
            m = s.optimizer().m();
            v = s.optimizer().v();
            adamStep = s.optimizer().step();
            k = s.mirrorStep();
            n = s.amStep();
            version = s.parameterVersion();
            baseVersion = s.scheduleState().get("baseVersion").longValue();
            statisticMean = s.statistics().get("statisticMean")[0];
            ledger.counters().restore(s.ledgerCounters());
            lastCheckpointVersion = version;
        } else {
            SplittableRandom random = new SplittableRandom(spec.seed());
            theta = new float[spec.dim()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) random.nextGaussian();
            }
            base = theta;
            m = new float[spec.dim()];
            v = new float[spec.dim()];
            k = 1;
            n = 0;
        }
        versions.put(version, theta);
        versions.put(baseVersion, base);
        if (k > spec.mirrorSteps()) {
            finished = true;
        } else if (n == 0) {
            startMirrorStep();
        } else {
            startAmStep();
        }
    }

    @Override
    public RunSetup setup() {
        return RunSetup.newBuilder()
                .setRunId(spec.runId())
                .setEpoch(epoch)
                .setModel(ModelSpec.newBuilder().setDim(2).setParameterCount(spec.dim()))
                .build();
    }

    @Override
    public List<CoreAction> poll(long nowNanos) {
        List<CoreAction> out = new ArrayList<>();
        for (TaskKey id : ledger.reissueTimedOut()) {
            reissue(id);
        }
        toIssue.forEach(t -> out.add(new CoreAction.Issue(t)));
        toIssue.clear();
        if (checkpointDue) {
            checkpointDue = false;
            out.add(new CoreAction.CheckpointDue(checkpoint()));
        }
        return out;
    }

    @Override
    public boolean assigned(dev.fdc.protocol.v1.TaskId taskId, String workerId) {
        TaskKey id = id(taskId);
        return outstanding.containsKey(id) && ledger.assign(id, workerId);
    }

    @Override
    public void onGradient(GradientDone done, float[] gradient) {
        TaskKey id = id(done.getTaskId());
        if (!ledger.receiveGradient(id).isAccepted()) {
            return;
        }
        outstanding.remove(id);
        if (spec.async()) {
            long taskVersion = done.getParameterVersion().getVersion();
            ApplyDecision d = ledger.acceptForApply(id, taskVersion, version, spec.staleness(), k);
            if (d.isApply()) {
                recorder.applied(id, taskVersion, version, k);
                adam(gradient);
                if (++appliedInStep == spec.amSteps()) {
                    endMirrorStep();
                } else {
                    topUpAsync();
                }
            } else {
                topUpAsync();
            }
            return;
        }
        float[] weighted = new float[gradient.length];
        for (int i = 0; i < gradient.length; i++) {
            weighted[i] = gradient[i] * done.getSampleCount();
        }
        stepGradients.put(id.index(), weighted);
        stepSamples.put(id.index(), done.getSampleCount());
        if (stepGradients.size() == spec.tasksPerStep()) {
            float[] sum = new float[theta.length];
            long samples = 0;
            for (Map.Entry<Integer, float[]> e : stepGradients.entrySet()) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += e.getValue()[i];
                }
                samples += stepSamples.get(e.getKey());
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= samples;
            }
            for (int index : stepGradients.keySet()) {
                TaskKey applied = ledger.taskId(k, n, index);
                ledger.markApplied(applied);
                recorder.applied(applied, version, version, k);
            }
            stepGradients.clear();
            stepSamples.clear();
            adam(sum);
            if (n == spec.amSteps()) {
                endMirrorStep();
            } else {
                n++;
                startAmStep();
            }
        }
    }

    @Override
    public void onStatistics(StatisticsResult result, Map<String, float[]> tensors) {
        TaskKey id = id(result.getTaskId());
        if (!ledger.receiveGradient(id).isAccepted()) {
            return;
        }
        outstanding.remove(id);
        ledger.markApplied(id);
        float[] rewards = tensors.get("rewards");
        double mean = 0;
        for (float r : rewards) {
            mean += r;
        }
        stepStatistics.put(id.index(), mean / rewards.length);
        if (stepStatistics.size() == spec.statisticsTasks()) {
            statisticMean = stepStatistics.values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum()
                    / stepStatistics.size();
            stepStatistics.clear();
            n = 1;
            startAmStep();
        }
    }

    @Override
    public void onCritic(CriticResult result, float[] parameters) {
        throw new IllegalStateException("this core issues no critic tasks");
    }

    @Override
    public void onFailure(TaskFailed failure) {
        TaskKey id = id(failure.getTaskId());
        FailureDecision d = ledger.recordFailure(id, failure.getWorkerId(), failure.getMessage());
        if (d.action() != FailureAction.IGNORE) {
            reissue(id);
        }
    }

    @Override
    public void onWorkerLost(String workerId) {
        ledger.workerLost(workerId).forEach(this::reissue);
    }

    @Override
    public boolean isDone() {
        return finished && !checkpointDue;
    }

    @Override
    public Optional<float[]> parameters(ParameterVersion pv) {
        return pv.getEpoch() == epoch ? Optional.ofNullable(versions.get(pv.getVersion())) : Optional.empty();
    }

    @Override
    public Optional<float[]> content(String contentId) {
        return Optional.empty();
    }

    @Override
    public CheckpointState checkpoint() {
        return CheckpointState.builder()
                .setRunId(spec.runId())
                .setPosition(epoch, k, n, version)
                .setParameters(theta)
                .setBase(base)
                .setOptimizer(new OptimizerState(m, v, adamStep, Map.of()))
                .optLedgerCounters(ledger.counters().toMap())
                .optStatistics(Map.of("statisticMean", new double[] {statisticMean}))
                .optScheduleState(Map.of("baseVersion", (double) baseVersion))
                .build();
    }

    @Override
    public Map<String, Long> counters() {
        return ledger.counters().toMap();
    }

    private void startMirrorStep() {
        stepStatistics.clear();
        if (spec.statisticsTasks() == 0) {
            n = 1;
            startAmStep();
            return;
        }
        for (int i = 0; i < spec.statisticsTasks(); i++) {
            issue(StatisticsTask.newBuilder()
                    .setTaskId(proto(ledger.taskId(k, 0, i)))
                    .setParameterVersion(pv(version))
                    .setSampleCount(4)
                    .setSeed(seed(k, 0, i))
                    .build());
        }
    }

    private void startAmStep() {
        if (spec.async()) {
            topUpAsync();
            return;
        }
        for (int i = 0; i < spec.tasksPerStep(); i++) {
            issue(amTask(n, i));
        }
    }

    private void topUpAsync() {
        while (outstanding.size() < spec.window()) {
            issue(amTask(1, nextAsyncIndex++));
        }
    }

    private AdjointMatchingTask amTask(int step, int index) {
        return AdjointMatchingTask.newBuilder()
                .setTaskId(proto(ledger.taskId(k, step, index)))
                .setParameterVersion(pv(version))
                .setBaseVersion(pv(baseVersion))
                .setEta(1 + 1e-3 * statisticMean)
                .setSeed(seed(k, step, index))
                .setBatchSize(8 + index % 3)
                .build();
    }

    private void endMirrorStep() {
        base = theta;
        baseVersion = version;
        k++;
        n = 0;
        appliedInStep = 0;
        nextAsyncIndex = 0;
        for (TaskKey stale : ledger.discardBefore(k)) {
            outstanding.remove(stale);
        }
        outstanding.keySet().removeIf(id -> id.mirrorStep() < k);
        toIssue.removeIf(t -> TaskInputs.idOf(t).getMirrorStep() < k);
        if (k > spec.mirrorSteps()) {
            finished = true;
            if (version != lastCheckpointVersion) {
                checkpointDue = true;
                lastCheckpointVersion = version;
            }
        } else {
            startMirrorStep();
        }
    }

    private void adam(float[] g) {
        float[] next = new float[theta.length];
        float[] nm = new float[theta.length];
        float[] nv = new float[theta.length];
        adamStep++;
        double c1 = 1 - Math.pow(0.9, adamStep);
        double c2 = 1 - Math.pow(0.999, adamStep);
        for (int i = 0; i < next.length; i++) {
            nm[i] = 0.9f * m[i] + 0.1f * g[i];
            nv[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
            next[i] = theta[i] - (float) (0.05 * (nm[i] / c1) / (Math.sqrt(nv[i] / c2) + 1e-8));
        }
        m = nm;
        v = nv;
        theta = next;
        version++;
        versions.put(version, theta);
        versions.keySet().removeIf(old -> old < version - spec.staleness() - 2 && old != baseVersion);
        if (spec.checkpointEvery() > 0 && version % spec.checkpointEvery() == 0) {
            checkpointDue = true;
            lastCheckpointVersion = version;
        }
    }

    private void issue(Message task) {
        outstanding.put(id(TaskInputs.idOf(task)), task);
        ledger.issue(id(TaskInputs.idOf(task)));
        toIssue.add(task);
    }

    private void reissue(TaskKey id) {
        Message task = outstanding.get(id);
        if (task != null) {
            toIssue.add(task);
        }
    }

    private long seed(int mirror, int step, int index) {
        return spec.seed() * 1_000_003L + mirror * 10_007L + step * 101L + index;
    }

    private ParameterVersion pv(long ver) {
        return ParameterVersion.newBuilder().setEpoch(epoch).setVersion(ver).build();
    }

    private static TaskKey id(dev.fdc.protocol.v1.TaskId p) {
        return new TaskKey(p.getRunId(), p.getCoordinatorEpoch(), p.getMirrorStep(), p.getAmStep(), p.getTaskIndex());
    }

    private static dev.fdc.protocol.v1.TaskId proto(TaskKey id) {
        return dev.fdc.protocol.v1.TaskId.newBuilder()
                .setRunId(id.runId())
                .setCoordinatorEpoch(id.epoch())
                .setMirrorStep(id.mirrorStep())
                .setAmStep(id.amStep())
                .setTaskIndex(id.index())
                .build();
    }
}
