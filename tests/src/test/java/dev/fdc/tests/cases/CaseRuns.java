package dev.fdc.tests.cases;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.cli.runtime.LocalRuntime;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.actor.RunCoreFactory;
import dev.fdc.coordinator.mirror.MirrorConfig;
import dev.fdc.coordinator.objective.ObjectiveConfig;
import dev.fdc.coordinator.run.RunConfig;
import dev.fdc.coordinator.run.RunListener;
import dev.fdc.coordinator.run.RunSpec;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.workers.actor.TaskExecutorFactory;
import dev.fdc.workers.exec.EngineTaskExecutor;
import dev.fdc.workers.exec.TaskFailure;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a MATH.md §7 verification case on {@code fdc train}'s runtime: the shipped coordinator and
 * {@code RunCore} with one shipped worker on the engine executor ({@link LocalRuntime}), the model
 * an exact {@link GaussianResidualModel}; and samples a model at given parameters.
 */
final class CaseRuns {

    private CaseRuns() {}

    /** Runs the case config to its end in {@code dir}; returns how it ended. */
    static CoordinatorEvent.RunFinished run(String runId, Config c, GaussianResidualModel model, Path dir)
            throws Exception {
        RunConfig rc = RunConfig.parse(c);
        RunCoreFactory cores = RunCoreFactory.of(
                epoch -> new RunSpec(
                        runId,
                        epoch,
                        rc,
                        model.spec(),
                        ObjectiveConfig.parse(c),
                        MirrorConfig.parse(c),
                        model.pretrained(3)),
                RunListener.NONE);
        TaskExecutorFactory executors = (setup, device, parameters, contents) -> EngineTaskExecutor.builder()
                .setReplicaFactory(model.replicas())
                .setParameters(parameters)
                .setContent(contents)
                .build();
        CoordinatorEvent.RunFinished f =
                LocalRuntime.run(cores, executors, 1, dir, ConfigFactory.empty(), Duration.ofMinutes(10));
        if (!f.succeeded()) {
            throw new AssertionError("the case run failed: " + f.error());
        }
        return f;
    }

    /** n samples of the model at {@code parameters} (memoryless SDE on L steps), row-major. */
    static float[] sample(GaussianResidualModel model, float[] parameters, int n, int steps, long seed)
            throws TaskFailure {
        try (NDManager m = DjlRuntime.newManager("case-samples");
                VelocityField f = model.replicas().create(m)) {
            f.parameters().fromFlat(parameters);
            return ParameterSet.floats(
                    MemorylessSampler.sample(f, n, new TimeGrid(steps), CounterRng.of(seed, Purpose.TEST), m)
                            .terminal());
        }
    }
}
