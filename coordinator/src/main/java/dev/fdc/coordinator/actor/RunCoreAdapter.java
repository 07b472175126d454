package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.run.RunCore;
import dev.fdc.coordinator.run.RunListener;
import dev.fdc.coordinator.run.RunSpec;
import dev.fdc.coordinator.run.Task;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.TaskFailed;
import dev.fdc.protocol.v1.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The coordinator actor's view of the real {@link RunCore}: the actor is the imperative shell, the
 * core decides everything (which task, which gradient is applied, when to checkpoint). Unknown
 * parameter versions and contents answer empty, so the actor can tell the worker they are gone.
 */
public final class RunCoreAdapter implements RunCorePort {

    private final RunCore core;
    private final RunSpec spec;

    private RunCoreAdapter(RunCore core, RunSpec spec) {
        this.core = core;
        this.spec = spec;
    }

    /**
     * A factory for the actor: each incarnation gets the spec of its epoch and starts fresh or
     * resumes from the checkpoint the actor restored.
     *
     * @param specOfEpoch the run spec with the given coordinator epoch
     */
    public static RunCoreFactory factory(LongFunction<RunSpec> specOfEpoch, RunListener listener) {
        return (epoch, checkpoint) -> {
            RunSpec spec = specOfEpoch.apply(epoch);
            RunCore core = checkpoint.isPresent()
                    ? RunCore.resume(spec, checkpoint.get(), listener)
                    : RunCore.start(spec, listener);
            return new RunCoreAdapter(core, spec);
        };
    }

    /** The wrapped core. */
    public RunCore core() {
        return core;
    }

    @Override
    public RunSetup setup() {
        return RunSetup.newBuilder()
                .setRunId(spec.runId())
                .setEpoch(spec.epoch())
                .setModel(spec.model())
                .build();
    }

    @Override
    public List<CoreAction> poll(long nowNanos) {
        List<CoreAction> out = new ArrayList<>();
        for (Task t : core.poll(nowNanos)) {
            if (t instanceof Task.AdjointMatching am) {
                out.add(new CoreAction.Issue(am.proto()));
            } else if (t instanceof Task.Statistics st) {
                out.add(new CoreAction.Issue(st.proto()));
            } else if (t instanceof Task.Critic cr) {
                out.add(new CoreAction.Issue(cr.proto()));
            } else if (t instanceof Task.Checkpoint cp) {
                out.add(new CoreAction.CheckpointDue(cp.state()));
            }
        }
        return out;
    }

    @Override
    public boolean assigned(TaskId taskId, String workerId) {
        return core.assigned(taskId, workerId);
    }

    @Override
    public void onGradient(GradientDone done, float[] gradient) {
        core.onGradient(done, gradient);
    }

    @Override
    public void onStatistics(StatisticsResult result, Map<String, float[]> tensors) {
        core.onStatistics(result, tensors);
    }

    @Override
    public void onCritic(CriticResult result, float[] parameters) {
        core.onCritic(result, parameters);
    }

    @Override
    public void onFailure(TaskFailed failure) {
        core.onFailure(failure);
    }

    @Override
    public void onWorkerLost(String workerId) {
        core.onWorkerLost(workerId);
    }

    @Override
    public boolean isDone() {
        return core.isDone();
    }

    @Override
    public Optional<float[]> parameters(ParameterVersion version) {
        try {
            return Optional.of(core.parameters(version));
        } catch (NoSuchElementException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<float[]> content(String contentId) {
        try {
            return Optional.ofNullable(
                    core.content(ContentRef.newBuilder().setContentId(contentId).build()));
        } catch (NoSuchElementException e) {
            return Optional.empty();
        }
    }

    @Override
    public CheckpointState checkpoint() {
        return core.checkpoint();
    }

    @Override
    public Map<String, Long> counters() {
        return core.counters().toMap();
    }
}
