package dev.fdc.cli.commands;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.cli.BadInputException;
import dev.fdc.cli.model.Sampling;
import dev.fdc.cli.output.Progress;
import dev.fdc.coordinator.checkpoint.AtomicFileWriter;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.pretrain.Dataset2D;
import dev.fdc.gpu.pretrain.FlowMatchingTrainer;
import dev.fdc.gpu.pretrain.SampleDistance;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fdc pretrain}: trains a velocity MLP by flow matching on a built-in 2-D dataset, writes it
 * as safetensors ({@code fdc.kind = mlp}) and reports the energy distance of its samples to
 * held-out data, next to that of pure noise N(0, I) for scale.
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = "Pre-train a 2-D velocity MLP by flow matching on a built-in dataset.")
public final class PretrainCommand implements Callable<Integer> {

    /** Samples on each side of the final energy-distance check (O(n²) pairs). */
    static final int EVAL_SAMPLES = 1000;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "NAME",
            description = "gauss-mixture, two-moons, checkerboard or swiss-roll.")
    String dataset;

    @Option(names = "--steps", defaultValue = "3000", description = "Adam steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "256", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of data, noise, times and initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--hidden",
            defaultValue = "128,128",
            paramLabel = "W1,W2,...",
            description = "Hidden widths (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(
            names = "--activation",
            defaultValue = "silu",
            description = "relu, gelu, silu or tanh (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(
            names = "--sample-steps",
            defaultValue = "100",
            description = "Memoryless-SDE steps of the final quality check (default: ${DEFAULT-VALUE}).")
    int sampleSteps;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.safetensors",
            description = "Where to write the model.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Dataset2D data;
        try {
            data = Dataset2D.parse(dataset);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--dataset", e.getMessage());
        }
        Activation act;
        try {
            act = Activation.parse(activation);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--activation", e.getMessage());
        }
        MlpSpec mlp = new MlpSpec(3, Flags.widths("--hidden", hidden), 2, act);
        FlowMatchingTrainer.Config config = new FlowMatchingTrainer.Config(
                Flags.atLeast("--steps", steps, 1),
                Flags.atLeast("--batch", batch, 1),
                Flags.positive("--lr", lr),
                seed);
        Flags.atLeast("--sample-steps", sampleSteps, 2);
        Flags.outputFile("--out", out);

        PrintWriter stdout = spec.commandLine().getOut();
        DjlRuntime.engine();
        try (NDManager manager = DjlRuntime.newManager("pretrain");
                MlpVelocityField model = MlpVelocityField.create(mlp, manager, DataType.FLOAT32, seed)) {
            double finalLoss;
            try (Progress progress = Progress.start(
                    "pretrain " + data.name().toLowerCase(Locale.ROOT).replace('_', '-'), steps)) {
                finalLoss = FlowMatchingTrainer.train(
                        model,
                        data,
                        config,
                        manager,
                        (step, loss) -> progress.update(step, String.format(Locale.ROOT, "loss %.4f", loss)));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("fdc.dataset", data.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            meta.put("fdc.steps", String.valueOf(steps));
            meta.put("fdc.seed", String.valueOf(seed));
            AtomicFileWriter.writeFile(out, tmp -> MlpFiles.save(model.net(), tmp, "mlp", meta));

            Quality q = quality(model, data, seed, sampleSteps, manager);
            stdout.printf(
                    Locale.ROOT,
                    "wrote %s (%s, %d parameters); final loss %.4f%n",
                    out,
                    mlp,
                    mlp.parameterCount(),
                    finalLoss);
            stdout.printf(
                    Locale.ROOT,
                    "energy distance to held-out %s data: model %.4f, N(0, I) noise %.4f (%d samples, %d SDE steps)%n",
                    data.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    q.model(),
                    q.noise(),
                    EVAL_SAMPLES,
                    sampleSteps);
            stdout.flush();
        }
        return 0;
    }

    /** Energy distances to held-out data of the model's samples and of N(0, I) noise. */
    record Quality(double model, double noise) {}

    static Quality quality(MlpVelocityField model, Dataset2D data, long seed, int sampleSteps, NDManager manager) {
        // Held-out data: a stream no training batch uses (EVALUATION, not DATASET).
        float[] heldOut = data.sample(EVAL_SAMPLES, CounterRng.of(seed, Purpose.EVALUATION, 1));
        float[] samples = Sampling.sample(
                model, EVAL_SAMPLES, sampleSteps, seed ^ 0x5DEECE66DL, Sampling.Sampler.MEMORYLESS, manager);
        float[] noise = new float[2 * EVAL_SAMPLES];
        CounterRng.of(seed, Purpose.EVALUATION, 2).fillGaussian(noise);
        return new Quality(SampleDistance.energy(samples, heldOut, 2), SampleDistance.energy(noise, heldOut, 2));
    }
}
