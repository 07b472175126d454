package dev.fdc.cli.commands;

import dev.fdc.cli.BadInputException;
import dev.fdc.cli.config.RunConfigLoader;
import dev.fdc.cli.output.RunDirectory;
import dev.fdc.cli.train.TrainingBackend;
import dev.fdc.cli.train.TrainingBackends;
import dev.fdc.coordinator.checkpoint.CheckpointKey;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fdc resume RUN_DIR}: continues a run from its newest complete checkpoint with the run's own
 * resolved {@code config.conf} (validated again) and its own copy of the pre-trained model.
 */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Continue an interrupted run from its newest complete checkpoint.")
public final class ResumeCommand implements Callable<Integer> {

    private final Supplier<TrainingBackend> backends;

    @Spec
    CommandSpec spec;

    /** With this build's backend ({@link TrainingBackends#create()}). */
    public ResumeCommand() {
        this(TrainingBackends::create);
    }

    /** With the backends {@code backends} supplies (tests use a testing backend). */
    public ResumeCommand(Supplier<TrainingBackend> backends) {
        this.backends = backends;
    }

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory made by fdc train.")
    Path runDir;

    @Option(names = "--workers", defaultValue = "2", description = "Local workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--cluster",
            description = "Resume as this machine's node of a Pekko Cluster (see fdc train --cluster).")
    boolean cluster;

    @Option(
            names = "--restart",
            description = {
                "Start the run over in RUN_DIR when no checkpoint can be loaded (all missing, incomplete or corrupt);",
                "without it such a run directory is refused."
            })
    boolean restart;

    @Override
    public Integer call() throws Exception {
        Flags.atLeast("--workers", workers, cluster ? 0 : 1); // a cluster node may hold only the coordinator
        RunDirectory dir = RunDirectory.existing(runDir, "RUN_DIR");
        if (Files.exists(dir.finalModel())) {
            throw new BadInputException(
                    "RUN_DIR", runDir + " has finished (final.safetensors exists); nothing to resume");
        }
        TrainingBackend backend = cluster ? TrainingBackends.cluster() : backends.get();
        RunConfigLoader.Loaded loaded =
                RunConfigLoader.load(dir.config(), List.of(), dir.root().toAbsolutePath(), backend::validate);
        Path modelCopy = loaded.model().file();
        Optional<CheckpointKey> from = newestCheckpoint(dir);
        if (from.isEmpty() && !restart) {
            throw new BadInputException(
                    "RUN_DIR",
                    runDir + " has no checkpoint that can be loaded (see the warnings above for the ones passed"
                            + " over); nothing was changed. Start it over with fdc resume --restart " + runDir);
        }
        return RunLauncher.run(
                backend,
                loaded,
                dir,
                modelCopy,
                workers,
                from,
                spec.commandLine().getOut());
    }

    /** The newest complete, verified checkpoint's key (what the coordinator will resume from). */
    private static Optional<CheckpointKey> newestCheckpoint(RunDirectory dir) throws java.io.IOException {
        if (!Files.isDirectory(dir.checkpoints())) {
            return Optional.empty();
        }
        return new CheckpointStore(dir.checkpoints(), Integer.MAX_VALUE)
                .restoreLatest()
                .state()
                .map(CheckpointState::key);
    }
}
