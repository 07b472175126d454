package dev.fdc.cli.output;

import ai.djl.ndarray.NDManager;
import dev.fdc.cli.model.ModelFile;
import dev.fdc.cli.model.ModelFileKind;
import dev.fdc.cli.model.Sampling;
import dev.fdc.coordinator.checkpoint.AtomicFileWriter;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.io.Safetensors;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.VelocityField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files a finished run leaves besides metrics: {@code final.safetensors} (θ_K under the
 * pre-trained model's parameter names, with its kind and activation) and the plots.
 */
public final class RunOutputs {

    /** Samples per model in the before/after scatter. */
    public static final int PLOT_SAMPLES = 2000;
    /** Memoryless-SDE steps of those samples. */
    public static final int PLOT_STEPS = 100;

    private RunOutputs() {}

    /** Writes {@code final.safetensors} and the plots. */
    public static void write(
            RunDirectory dir, ModelFile pretrained, float[] finalParameters, RunRecorder recorder, long seed)
            throws IOException {
        DjlRuntime.engine();
        try (NDManager manager = DjlRuntime.newManager("run-outputs");
                VelocityField before = pretrained.load(manager);
                VelocityField after = pretrained.load(manager)) {
            after.parameters().fromFlat(finalParameters);
            exportParameters(after.parameters(), pretrained, dir);
            if (before.dim() >= 2) {
                Map<String, float[]> samples = new LinkedHashMap<>();
                samples.put(
                        "pre-trained",
                        Sampling.sample(before, PLOT_SAMPLES, PLOT_STEPS, seed, Sampling.Sampler.MEMORYLESS, manager));
                samples.put(
                        "fine-tuned",
                        Sampling.sample(after, PLOT_SAMPLES, PLOT_STEPS, seed, Sampling.Sampler.MEMORYLESS, manager));
                Plots.scatter(
                        dir.plots().resolve("samples-before-after.png"),
                        "samples before and after FDC",
                        samples,
                        before.dim());
            }
        }
        if (!recorder.mirrorCurves().isEmpty()) {
            Plots.curves(
                    dir.plots().resolve("objective.png"),
                    "objective per mirror step",
                    "mirror steps completed",
                    recorder.mirrorCurves());
        }
        if (!recorder.amCurves().isEmpty()) {
            Plots.curves(
                    dir.plots().resolve("am-steps.png"),
                    "Adjoint Matching updates",
                    "mirror steps (fractional)",
                    recorder.amCurves());
        }
    }

    private static void exportParameters(ParameterSet params, ModelFile pretrained, RunDirectory dir)
            throws IOException {
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (ParameterSet.Parameter p : params.list()) {
            tensors.add(new Safetensors.Tensor(p.name(), p.shape(), ParameterSet.floats(p.array())));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        if (pretrained.kind() != ModelFileKind.TORCHSCRIPT) {
            meta.put(MlpFiles.KIND, pretrained.kind().label());
            meta.put(MlpFiles.ACTIVATION, pretrained.spec().activation().name().toLowerCase(Locale.ROOT));
        }
        meta.put("fdc.fine-tuned-from", pretrained.file().getFileName().toString());
        AtomicFileWriter.writeFile(dir.finalModel(), tmp -> Safetensors.write(tmp, tensors, meta));
    }
}
