package dev.fdc.cli.commands;

import com.typesafe.config.Config;
import dev.fdc.cli.config.RunConfigLoader;
import dev.fdc.cli.output.MetricsWriter;
import dev.fdc.cli.output.RunDirectory;
import dev.fdc.cli.output.RunLock;
import dev.fdc.cli.output.RunOutputs;
import dev.fdc.cli.output.RunRecorder;
import dev.fdc.cli.output.TensorBoardWriter;
import dev.fdc.cli.train.TrainingBackend;
import dev.fdc.cli.train.TrainingRequest;
import dev.fdc.cli.train.TrainingResult;
import dev.fdc.coordinator.checkpoint.CheckpointKey;
import dev.fdc.coordinator.run.MirrorStepRecord;
import dev.fdc.gpu.DjlRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What train and resume share once the run directory is set up: run the backend, then write the outputs. */
final class RunLauncher {

    private RunLauncher() {}

    /**
     * Runs the backend in {@code dir} (locked for the run), records the metrics, writes the outputs.
     *
     * @param resumeFrom the checkpoint a resumed run continues from (its metrics after it are
     *     dropped first); empty for a fresh start
     */
    static int run(
            TrainingBackend backend,
            RunConfigLoader.Loaded loaded,
            RunDirectory dir,
            Path modelCopy,
            int workers,
            Optional<CheckpointKey> resumeFrom,
            PrintWriter out)
            throws Exception {
        DjlRuntime.engine();
        Config config = loaded.withModelPath(modelCopy);
        TrainingResult result;
        List<MirrorStepRecord> mirrorSteps;
        try (RunLock lock = dir.lock()) {
            MetricsWriter metrics = resumeFrom.isPresent()
                    ? MetricsWriter.resume(
                            dir.metrics(),
                            resumeFrom.get().mirrorStep(),
                            resumeFrom.get().amStep())
                    : MetricsWriter.resume(dir.metrics(), 0, 0);
            try (RunRecorder recorder = new RunRecorder(metrics, new TensorBoardWriter(dir.tensorBoard()))) {
                result = backend.train(
                        new TrainingRequest(config, dir, loaded.model(), workers, resumeFrom.isPresent(), recorder));
                long seed = config.hasPath("fdc.run.seed") ? config.getLong("fdc.run.seed") : 0L;
                RunOutputs.write(dir, loaded.model(), result.parameters(), recorder, seed);
                mirrorSteps = recorder.mirrorSteps();
            }
        }
        summarize(mirrorSteps, out);
        out.printf("results in %s: final.safetensors, metrics.jsonl, plots/, tensorboard/%n", dir.root());
        out.printf("counters: %s%n", result.counters());
        out.flush();
        return 0;
    }

    /** The objective before (p_0, or the first p measured in this process) and after (p_K). */
    private static void summarize(List<MirrorStepRecord> mirrorSteps, PrintWriter out) {
        if (mirrorSteps.isEmpty()) {
            return;
        }
        MirrorStepRecord first = mirrorSteps.get(0);
        MirrorStepRecord last = mirrorSteps.get(mirrorSteps.size() - 1);
        String before = first.objective().isPresent() ? fmt(first.objective().getAsDouble()) : "n/a";
        String after = last.objective().isPresent() ? fmt(last.objective().getAsDouble()) : "n/a";
        out.printf(
                "objective G: %s (p_%d) -> %s (p_%d%s)%n",
                before,
                first.mirrorStep() - 1,
                after,
                last.mirrorStep() - 1,
                last.finalEstimate() ? ", final estimate" : "");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
