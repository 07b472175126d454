package dev.fdc.cli.commands;

import com.typesafe.config.Config;
import dev.fdc.cli.config.RunConfigLoader;
import dev.fdc.cli.output.MetricsWriter;
import dev.fdc.cli.output.RunDirectory;
import dev.fdc.cli.output.RunOutputs;
import dev.fdc.cli.output.RunRecorder;
import dev.fdc.cli.output.TensorBoardWriter;
import dev.fdc.cli.train.TrainingBackend;
import dev.fdc.cli.train.TrainingRequest;
import dev.fdc.cli.train.TrainingResult;
import dev.fdc.gpu.DjlRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;

/** What train and resume share once the run directory is set up: run the backend, then write the outputs. */
final class RunLauncher {

    private RunLauncher() {}

    static int run(
            TrainingBackend backend,
            RunConfigLoader.Loaded loaded,
            RunDirectory dir,
            Path modelCopy,
            int workers,
            boolean resume,
            PrintWriter out)
            throws Exception {
        DjlRuntime.engine();
        Config config = loaded.withModelPath(modelCopy);
        TrainingResult result;
        try (RunRecorder recorder =
                new RunRecorder(new MetricsWriter(dir.metrics()), new TensorBoardWriter(dir.tensorBoard()))) {
            result = backend.train(new TrainingRequest(config, dir, loaded.model(), workers, resume, recorder));
            long seed = config.hasPath("fdc.run.seed") ? config.getLong("fdc.run.seed") : 0L;
            RunOutputs.write(dir, loaded.model(), result.parameters(), recorder, seed);
        }
        out.printf("run finished: %s (final.safetensors, metrics.jsonl, plots/)%n", dir.root());
        if (!result.summary().isEmpty()) {
            out.printf("final metrics: %s%n", result.summary());
        }
        out.flush();
        return 0;
    }
}
