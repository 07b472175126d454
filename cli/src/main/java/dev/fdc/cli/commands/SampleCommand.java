package dev.fdc.cli.commands;

import ai.djl.ndarray.NDManager;
import dev.fdc.cli.BadInputException;
import dev.fdc.cli.model.ModelFile;
import dev.fdc.cli.model.ModelFileKind;
import dev.fdc.cli.model.Sampling;
import dev.fdc.cli.output.SampleCsv;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.model.VelocityField;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fdc sample}: n samples X_1 of a model as CSV ({@code x1,x2,...} then one row per sample).
 * The same model, n, steps, seed and sampler give the same file.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw samples from a model into a CSV file.")
public final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "A .safetensors MLP or a TorchScript file.")
    Path model;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            description = "mlp, vp-eps or torchscript (default: the file's fdc.kind metadata, torchscript for .pt).")
    String kind;

    @Option(names = "--n", defaultValue = "1000", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--steps", defaultValue = "100", description = "Time-grid steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the sampling noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--sampler",
            defaultValue = "memoryless",
            description = "memoryless (SDE) or ode (probability flow, Heun) (default: ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the samples.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelFileKind k = null;
        if (kind != null) {
            k = ModelFileKind.parseOrNull(kind);
            if (k == null) {
                throw new BadInputException(
                        "--kind", "unknown kind '" + kind + "'; expected one of " + ModelFileKind.names());
            }
        }
        Sampling.Sampler s = Sampling.Sampler.parseOrNull(sampler);
        if (s == null) {
            throw new BadInputException("--sampler", "unknown sampler '" + sampler + "'; expected memoryless or ode");
        }
        Flags.atLeast("--n", n, 1);
        Flags.atLeast("--steps", steps, 2);
        Flags.outputFile("--out", out);
        ModelFile file = ModelFile.inspect(model, k, "--model");

        DjlRuntime.engine();
        try (NDManager manager = DjlRuntime.newManager("sample");
                VelocityField field = load(file, manager)) {
            float[] x = Sampling.sample(field, n, steps, seed, s, manager);
            SampleCsv.write(out, x, field.dim());
            spec.commandLine().getOut().printf("wrote %d samples of dimension %d to %s%n", n, field.dim(), out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static VelocityField load(ModelFile file, NDManager manager) {
        try {
            return file.load(manager);
        } catch (Exception e) {
            throw new BadInputException(
                    "--model", "cannot load " + file.file() + " as " + file.kind() + ": " + e.getMessage(), e);
        }
    }
}
