package dev.fdc.cli.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.cli.BadInputException;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.io.Safetensors;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.model.NoisePredictorFlow;
import dev.fdc.gpu.model.TimeInput;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.schedule.DdpmTable;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.VpSchedule;
import dev.fdc.gpu.torchscript.TorchScriptVelocityField;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pre-trained model file and how to read it. Safetensors files carry their kind and activation in
 * the metadata ({@code fdc.kind}, {@code fdc.activation}); a kind given by the user must agree.
 * VP noise predictors use the paper's schedule (β from 0.1 to 12) and, by default, the discrete
 * DDPM table's σ_i, as the fixtures do.
 *
 * @param file the file
 * @param kind what it holds
 * @param spec the MLP architecture (null for TorchScript)
 * @param vp the VP schedule (VP_EPS only)
 * @param ddpmTable VP_EPS: scores divide by the DDPM table's σ_i
 */
public record ModelFile(Path file, ModelFileKind kind, MlpSpec spec, VpSchedule vp, boolean ddpmTable) {

    /**
     * Inspects {@code file} without DJL (safetensors header only). {@code kind} may be null: then it
     * comes from the metadata, or from the extension ({@code .pt}, {@code .ts}: TorchScript).
     *
     * @param subject the flag or key that named the file, for error messages
     */
    public static ModelFile inspect(
            Path file, ModelFileKind kind, Activation fallback, VpSchedule vp, boolean ddpmTable, String subject) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(subject, "model file " + file + " does not exist or is not a file");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (kind == ModelFileKind.TORCHSCRIPT || (kind == null && (name.endsWith(".pt") || name.endsWith(".ts")))) {
            return new ModelFile(file, ModelFileKind.TORCHSCRIPT, null, null, false);
        }
        Safetensors.Contents c;
        MlpSpec spec;
        try {
            c = Safetensors.read(file);
            spec = MlpFiles.spec(c, fallback, file.toString());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(
                    subject, "cannot read " + file + " as an MLP in safetensors: " + e.getMessage(), e);
        }
        String stored = c.metadata().get(MlpFiles.KIND);
        ModelFileKind storedKind = stored == null ? null : ModelFileKind.parseOrNull(stored);
        if (kind == null) {
            kind = storedKind != null ? storedKind : ModelFileKind.MLP;
        } else if (storedKind != null && storedKind != kind) {
            throw new BadInputException(
                    subject, file + " holds a " + storedKind + " model (metadata fdc.kind), not " + kind);
        }
        if (spec.inputDim() != spec.outputDim() + 1) {
            throw new BadInputException(
                    subject,
                    file + " is not a " + kind + " model: it maps " + spec.inputDim() + " inputs to " + spec.outputDim()
                            + " outputs; expected d + 1 inputs ([x, t]) and d outputs");
        }
        return new ModelFile(
                file, kind, spec, kind == ModelFileKind.VP_EPS ? vp : null, kind == ModelFileKind.VP_EPS && ddpmTable);
    }

    /** {@link #inspect} with the paper's VP schedule and the DDPM table, ReLU when the file names none. */
    public static ModelFile inspect(Path file, ModelFileKind kind, String subject) {
        return inspect(file, kind, Activation.RELU, VpSchedule.DEFAULT, true, subject);
    }

    /** The data dimension d (0 for TorchScript, known only once loaded). */
    public int dim() {
        return spec == null ? 0 : spec.outputDim();
    }

    /**
     * θ_pre as one flat array in {@link dev.fdc.gpu.model.ParameterSet} order (layer 0 weight, bias,
     * layer 2 weight, ...), read without DJL. MLP kinds only.
     */
    public float[] parameters() throws IOException {
        if (spec == null) {
            throw new UnsupportedOperationException("TorchScript parameters are read by loading the module");
        }
        Safetensors.Contents c = Safetensors.read(file);
        float[] flat = new float[Math.toIntExact(spec.parameterCount())];
        int off = 0;
        for (int layer = 0; layer <= spec.hidden().length; layer++) {
            for (String part : new String[] {"weight", "bias"}) {
                float[] v = c.require((2 * layer) + "." + part).data();
                System.arraycopy(v, 0, flat, off, v.length);
                off += v.length;
            }
        }
        return flat;
    }

    /** The protocol description every worker builds its replicas from (MLP kinds; TorchScript needs a content id). */
    public ModelSpec modelSpec() {
        if (spec == null) {
            throw new UnsupportedOperationException("a TorchScript model spec needs the coordinator's content id");
        }
        MlpArchitecture.Builder arch = MlpArchitecture.newBuilder()
                .setInputDim(spec.inputDim())
                .setOutputDim(spec.outputDim())
                .setActivation(spec.activation().name().toLowerCase(java.util.Locale.ROOT));
        for (int h : spec.hidden()) {
            arch.addHidden(h);
        }
        ModelSpec.Builder b =
                ModelSpec.newBuilder().setDim(dim()).setArchitecture(arch).setParameterCount(spec.parameterCount());
        if (kind == ModelFileKind.MLP) {
            b.setKind(dev.fdc.protocol.v1.ModelKind.MODEL_KIND_MLP)
                    .setTimeInput("t")
                    .setSchedule("linear");
        } else {
            b.setKind(dev.fdc.protocol.v1.ModelKind.MODEL_KIND_VP_EPS)
                    .setTimeInput("tau")
                    .setSchedule("vp")
                    .setVpBetaMin(vp.betaMin())
                    .setVpBetaMax(vp.betaMax())
                    .setDdpmTable(ddpmTable);
        }
        return b.build();
    }

    /** Loads the model in float32 into a sub-manager of {@code manager}. */
    public VelocityField load(NDManager manager) throws IOException {
        switch (kind) {
            case MLP: {
                Mlp net = MlpFiles.load(file, spec.activation(), manager, DataType.FLOAT32);
                return new MlpVelocityField(net, LinearSchedule.INSTANCE, TimeInput.T);
            }
            case VP_EPS: {
                Mlp net = MlpFiles.load(file, spec.activation(), manager, DataType.FLOAT32);
                return new NoisePredictorFlow(net, vp, ddpmTable ? new DdpmTable(vp) : null);
            }
            case TORCHSCRIPT:
                return TorchScriptVelocityField.load(file, manager);
            default:
                throw new AssertionError(kind);
        }
    }
}
