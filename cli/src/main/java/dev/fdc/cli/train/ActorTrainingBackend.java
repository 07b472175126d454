package dev.fdc.cli.train;

import com.typesafe.config.Config;
import dev.fdc.cli.runtime.ClusterRuntime;
import dev.fdc.cli.runtime.Devices;
import dev.fdc.cli.runtime.LocalRuntime;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.actor.RunCoreFactory;
import dev.fdc.coordinator.mirror.MirrorConfig;
import dev.fdc.coordinator.objective.ObjectiveConfig;
import dev.fdc.coordinator.run.RunConfig;
import dev.fdc.coordinator.run.RunSpec;
import dev.fdc.protocol.v1.ModelSpec;
import dev.fdc.workers.actor.TaskExecutorFactory;
import dev.fdc.workers.exec.EngineTaskExecutor;
import java.time.Duration;

/**
 * {@code fdc train} on the actor runtime: a coordinator actor around the run's {@code RunCore} and
 * {@code workers} worker actors, each with its own engine executor on its own device. Locally (one
 * JVM, no network) or as this machine's node of a Pekko Cluster ({@code --cluster}: the coordinator
 * is a Cluster Singleton, other machines join with {@code fdc worker}). A run directory that already
 * holds checkpoints resumes from the newest complete one (that is how {@code fdc resume} works).
 */
final class ActorTrainingBackend implements TrainingBackend {

    private final boolean cluster;

    ActorTrainingBackend(boolean cluster) {
        this.cluster = cluster;
    }

    /** How long one run may take before it is stopped (a safety net, not a budget). */
    static final Duration TIMEOUT = Duration.ofDays(30);

    @Override
    public String name() {
        return cluster ? "actors-cluster" : "actors-local";
    }

    @Override
    public void validate(Config resolved) {
        RunConfig.parse(resolved);
        ObjectiveConfig.parse(resolved);
        MirrorConfig.parse(resolved);
    }

    @Override
    public TrainingResult train(TrainingRequest request) throws Exception {
        Config run = request.config();
        RunConfig runConfig = RunConfig.parse(run);
        ModelSpec model = request.model().modelSpec();
        float[] pretrained = request.model().parameters();
        String runId = request.runDirectory().runId();
        TrainingListener out = request.listener();
        out.onStart(runConfig.mirrorSteps(), runConfig.amSteps());
        TaskExecutorFactory executors = engineExecutors();
        RunCoreFactory cores = RunCoreFactory.of(
                // every coordinator incarnation gets its own schedule (mutable run state) and objective
                epoch -> new RunSpec(
                        runId,
                        epoch,
                        runConfig,
                        model,
                        ObjectiveConfig.parse(run),
                        MirrorConfig.parse(run),
                        pretrained),
                out);
        // The run's fdc.run.keep-checkpoints decides retention; the actor's own default (3) is only
        // for cores started without a run config.
        Config c = com.typesafe.config.ConfigFactory.parseMap(
                        java.util.Map.of("fdc.actors.coordinator.checkpoints-retained", runConfig.keepCheckpoints()))
                .withFallback(run);
        CoordinatorEvent.RunFinished finished = cluster
                ? ClusterRuntime.runCoordinatorNode(
                        c,
                        cores,
                        executors,
                        request.workers(),
                        request.runDirectory().root(),
                        TIMEOUT)
                : LocalRuntime.run(
                        cores,
                        executors,
                        request.workers(),
                        request.runDirectory().root(),
                        c,
                        TIMEOUT);
        if (!finished.succeeded()) {
            throw new IllegalStateException("the run failed: " + finished.error());
        }
        return new TrainingResult(finished.state().parameters(), finished.counters());
    }

    /** Engine executors, each on its worker's device. */
    static TaskExecutorFactory engineExecutors() {
        return (setup, device, parameters, contents) -> EngineTaskExecutor.builder()
                .setModel(setup.getModel())
                .optDevice(Devices.toDjl(device))
                .setParameters(parameters)
                .setContent(contents)
                .optName("worker-" + device.getIndex())
                .build();
    }
}
