package dev.fdc.tests.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.actor.RunCoreFactory;
import dev.fdc.coordinator.mirror.MirrorConfig;
import dev.fdc.coordinator.objective.ObjectiveConfig;
import dev.fdc.coordinator.run.AmStepRecord;
import dev.fdc.coordinator.run.MirrorStepRecord;
import dev.fdc.coordinator.run.RunConfig;
import dev.fdc.coordinator.run.RunListener;
import dev.fdc.coordinator.run.RunSpec;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small real run for the actor tests: the shipped {@code RunCore} with a CVaR objective on a
 * linear reward, over a flat parameter vector of {@code dim} values (its "model" is the {@link
 * TestingExecutor}'s deterministic stand-in for the engine). Records every update and mirror step
 * the cores of all its coordinator incarnations report.
 *
 * @param runId the run id
 * @param dim parameters (40,000 give two chunks per tensor)
 * @param run the {@code fdc.run} overrides
 */
record TestRun(String runId, int dim, String run, Records records) {

    /** What the cores reported, across incarnations; thread-safe. */
    static final class Records implements RunListener {
        private final List<AmStepRecord> updates = new ArrayList<>();
        private final List<MirrorStepRecord> mirrorSteps = new ArrayList<>();

        @Override
        public synchronized void onAmStep(AmStepRecord r) {
            updates.add(r);
        }

        @Override
        public synchronized void onMirrorStep(MirrorStepRecord r) {
            mirrorSteps.add(r);
        }

        synchronized List<AmStepRecord> updates() {
            return List.copyOf(updates);
        }

        synchronized List<MirrorStepRecord> mirrorSteps() {
            return List.copyOf(mirrorSteps);
        }
    }

    /** K = 2 mirror steps of N = 3 sync updates from M = 3 tasks, checkpoints every 2, plus the final estimate. */
    static TestRun sync(int dim) {
        return of(dim, "");
    }

    /** The sync run with {@code fdc.run} overrides in HOCON. */
    static TestRun of(int dim, String overrides) {
        return new TestRun("run1", dim, overrides, new Records());
    }

    Config config() {
        Config base = ConfigFactory.parseString("""
                fdc.objective.terms = [ { type = cvar, beta = 0.25, reward { name = linear, vectors { w = [1, 0] } } } ]
                fdc.mirror { schedule = constant, eta = 2.0 }
                fdc.run { mirror-steps = 2, am-steps = 3, tasks-per-step = 3, trajectories = 4,
                          statistics-samples = 30, checkpoint-every = 2, seed = 42, task-timeout = 5s }
                """);
        return ConfigFactory.parseString(run)
                .withFallback(base)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    RunConfig runConfig() {
        return RunConfig.parse(config());
    }

    /** The cores of this run: every incarnation gets a fresh objective and schedule from the config. */
    RunCoreFactory cores() {
        Config c = config();
        RunConfig rc = RunConfig.parse(c);
        ModelSpec model = ModelSpec.newBuilder()
                .setKind(ModelKind.MODEL_KIND_MLP)
                .setDim(2)
                .setParameterCount(dim)
                .build();
        float[] pre = pretrained();
        return RunCoreFactory.of(
                epoch -> new RunSpec(
                        runId, epoch, rc, model, ObjectiveConfig.parse(c), MirrorConfig.parse(c), pre.clone()),
                records);
    }

    /** θ_pre: seeded Gaussian values. */
    float[] pretrained() {
        SplittableRandom random = new SplittableRandom(7);
        float[] theta = new float[dim];
        for (int i = 0; i < dim; i++) {
            theta[i] = (float) random.nextGaussian();
        }
        return theta;
    }

    /** Tasks the run applies: per mirror step M statistics and N × M AM tasks, plus the final estimate's M. */
    long tasks() {
        RunConfig c = runConfig();
        long perStep = c.tasksPerStep() + (long) c.amSteps() * c.tasksPerStep();
        return c.mirrorSteps() * perStep + (c.finalEstimate() ? c.tasksPerStep() : 0);
    }
}
