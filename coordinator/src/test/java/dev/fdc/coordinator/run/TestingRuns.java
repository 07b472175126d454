package dev.fdc.coordinator.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.mirror.MirrorConfig;
import dev.fdc.coordinator.objective.ObjectiveConfig;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/** Builds small runs and drives them with {@link TestingWorker}s. */
final class TestingRuns {

    static final int SIZE = 8;

    private TestingRuns() {}

    /** A config of a CVaR objective with the given fdc.run overrides. */
    static Config config(String runOverrides) {
        Config base = ConfigFactory.parseString("""
        fdc.objective.terms = [ { type = cvar, beta = 0.25, reward { name = linear, vectors { w = [1, 0] } } } ]
        fdc.mirror { schedule = constant, eta = 2.0 }
        fdc.run { mirror-steps = 2, am-steps = 3, tasks-per-step = 3, trajectories = 4,
                  statistics-samples = 30, checkpoint-every = 2, seed = 7 }
        """);
        return ConfigFactory.parseString(runOverrides).withFallback(base).resolve();
    }

    static RunSpec spec(Config c, long epoch) {
        float[] pre = new float[SIZE];
        for (int j = 0; j < SIZE; j++) {
            pre[j] = 0.1f * j;
        }
        ModelSpec model = ModelSpec.newBuilder()
                .setKind(ModelKind.MODEL_KIND_MLP)
                .setDim(2)
                .setParameterCount(SIZE)
                .build();
        return new RunSpec(
                "run-1", epoch, RunConfig.parse(c), model, ObjectiveConfig.parse(c), MirrorConfig.parse(c), pre);
    }

    static float[] target() {
        float[] t = new float[SIZE];
        for (int j = 0; j < SIZE; j++) {
            t[j] = 1 - 0.2f * j;
        }
        return t;
    }

    /**
     * Drives {@code core} until done (or {@code stop} accepts a checkpoint), delivering each poll's
     * results in an order shuffled by {@code shuffle} (null: in order).
     *
     * @return the checkpoints seen, in order
     */
    static List<CheckpointState> drive(RunCore core, Random shuffle, Predicate<CheckpointState> stop) {
        TestingWorker worker = new TestingWorker(core, target());
        List<CheckpointState> checkpoints = new ArrayList<>();
        long now = 0;
        while (!core.isDone() && core.failure().isEmpty()) {
            List<Task> tasks = Task.of(core.poll(now += 1_000_000));
            if (tasks.isEmpty()) {
                throw new AssertionError("no tasks while " + core.phase());
            }
            List<Runnable> deliveries = new ArrayList<>();
            for (Task t : tasks) {
                if (t instanceof Task.Checkpoint c) {
                    checkpoints.add(c.state());
                    if (stop.test(c.state())) {
                        return checkpoints;
                    }
                } else if (t instanceof Task.AdjointMatching a) {
                    TestingWorker.Outcome o = worker.adjointMatching(a.proto());
                    deliveries.add(() -> core.onGradient(o.done(), o.gradient()));
                } else if (t instanceof Task.Statistics s) {
                    var arrays = worker.statistics(s.proto());
                    deliveries.add(() -> core.onStatistics(TestingWorker.statisticsResult(s.proto()), arrays));
                }
            }
            if (shuffle != null) {
                Collections.shuffle(deliveries, shuffle);
            }
            deliveries.forEach(Runnable::run);
        }
        return checkpoints;
    }
}
