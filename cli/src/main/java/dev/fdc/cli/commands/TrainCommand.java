package dev.fdc.cli.commands;

import dev.fdc.cli.config.RunConfigLoader;
import dev.fdc.cli.config.SetOverride;
import dev.fdc.cli.output.RunDirectory;
import dev.fdc.cli.train.TrainingBackend;
import dev.fdc.cli.train.TrainingBackends;
import dev.fdc.coordinator.checkpoint.AtomicFileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fdc train}: validates the whole config, then creates the run directory (pre-trained model
 * copy, checkpoints/, plots/, and config.conf last), runs the backend, and writes final.safetensors
 * and the plots. A bad config or flag exits with code 2 before anything is created.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Fine-tune a pre-trained model with Flow Density Control.",
            "Config layers: reference.conf <- CONFIG (default: the bundled default.conf) <- --set overrides."
        })
public final class TrainCommand implements Callable<Integer> {

    private final Supplier<TrainingBackend> backends;

    @Spec
    CommandSpec spec;

    /** With this build's backend ({@link TrainingBackends#create()}). */
    public TrainCommand() {
        this(TrainingBackends::create);
    }

    /** With the backends {@code backends} supplies (tests use a testing backend). */
    public TrainCommand(Supplier<TrainingBackend> backends) {
        this.backends = backends;
    }

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONFIG",
            description =
                    "A HOCON run config (default: the bundled default.conf: a 2-D model pre-trained by fdc, CVaR on risk_averse).")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description =
                    "Override one config value in HOCON syntax, e.g. --set fdc.run.mirror-steps=3 (repeatable; later wins).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--workers", defaultValue = "2", description = "Local workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--cluster",
            description = {
                "Run as this machine's node of a Pekko Cluster (fdc.actors.cluster: hostname, port,",
                "seed-nodes, TLS); other machines join with fdc worker. The run directory must be shared."
            })
    boolean cluster;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "The new run directory (default: runs/YYYYMMDD-HHMMSS).")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        Flags.atLeast("--workers", workers, cluster ? 0 : 1); // a cluster node may hold only the coordinator
        List<SetOverride> overrides = new ArrayList<>();
        for (String s : sets) {
            overrides.add(SetOverride.parse(s));
        }
        RunDirectory dir = RunDirectory.checkNew(runDir != null ? runDir : RunDirectory.defaultLocation(), "--run-dir");
        TrainingBackend backend = cluster ? TrainingBackends.cluster() : backends.get();
        RunConfigLoader.Loaded loaded =
                RunConfigLoader.load(config, overrides, Path.of("").toAbsolutePath(), backend::validate);

        // Everything is valid: create the directory. config.conf goes last, so it marks a complete setup.
        dir.create();
        AtomicFileWriter.writeString(dir.runIdFile(), dir.newRunId() + "\n");
        Path modelCopy = dir.pretrained(loaded.model().file());
        AtomicFileWriter.writeFile(
                modelCopy,
                tmp -> Files.copy(loaded.model().file(), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        AtomicFileWriter.writeString(
                dir.config(), loaded.render(modelCopy.getFileName().toString()));
        spec.commandLine()
                .getOut()
                .printf(
                        "run directory %s (backend %s, %d worker%s)%n",
                        dir.root(), backend.name(), workers, workers == 1 ? "" : "s");
        return RunLauncher.run(
                backend,
                loaded.withModelFile(modelCopy),
                dir,
                modelCopy,
                workers,
                java.util.Optional.empty(),
                spec.commandLine().getOut());
    }
}
