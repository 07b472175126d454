package dev.fdc.gpu.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.schedule.DdpmTable;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.Schedule;
import dev.fdc.gpu.schedule.VpSchedule;
import dev.fdc.gpu.torchscript.TorchScriptVelocityField;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import java.io.IOException;

/**
 * Builds the {@link VelocityField} a {@link ModelSpec} describes (float32, parameters from a fixed
 * initialization: a replica's values are always overwritten with a published parameter version):
 *
 * <ul>
 *   <li>{@code MODEL_KIND_MLP}: {@link MlpVelocityField} on [x, t] (time input {@code t} by
 *       default, {@code tau} allowed), linear schedule;
 *   <li>{@code MODEL_KIND_VP_EPS}: {@link NoisePredictorFlow} of a noise predictor on [x, τ] with
 *       {@code VpSchedule(vp_beta_min, vp_beta_max)} (both unset: the paper's 0.1 and 12) and, if
 *       {@code ddpm_table}, the discrete DDPM table's σ_i;
 *   <li>{@code MODEL_KIND_TORCHSCRIPT}: {@link TorchScriptVelocityField} from the module's bytes
 *       (fetched by the caller through {@code torchscript}), linear or VP schedule.
 * </ul>
 *
 * A spec that does not describe a buildable model is refused with an {@link
 * IllegalArgumentException} naming the field and what was expected.
 */
public final class ModelFactory {

    private ModelFactory() {}

    /** Checks everything that can be checked without the TorchScript bytes. */
    public static void validate(ModelSpec spec) {
        ModelKind kind = spec.getKind();
        if (spec.getDim() < 1) {
            throw bad("dim", spec.getDim(), "a data dimension ≥ 1");
        }
        if (spec.getParameterCount() < 0) {
            throw bad("parameter_count", spec.getParameterCount(), "≥ 0 (0: unchecked)");
        }
        switch (kind) {
            case MODEL_KIND_MLP -> {
                requireOneOf(spec.getSchedule(), "schedule", "linear");
                timeInput(spec.getTimeInput(), TimeInput.T, true);
                MlpSpec net = mlpSpec(spec);
                checkCount(spec, net.parameterCount());
            }
            case MODEL_KIND_VP_EPS -> {
                requireOneOf(spec.getSchedule(), "schedule", "vp");
                timeInput(spec.getTimeInput(), TimeInput.TAU, false);
                vpSchedule(spec);
                MlpSpec net = mlpSpec(spec);
                checkCount(spec, net.parameterCount());
            }
            case MODEL_KIND_TORCHSCRIPT -> {
                requireOneOf(spec.getSchedule(), "schedule", "linear", "vp");
                if (!spec.getTimeInput().isEmpty() && !spec.getTimeInput().equals("t")) {
                    throw bad(
                            "time_input",
                            "'" + spec.getTimeInput() + "'",
                            "empty or 't' (a TorchScript field receives the flow time t)");
                }
                if (spec.getSchedule().equals("vp")) {
                    vpSchedule(spec);
                }
                if (!spec.hasTorchscript()
                        || spec.getTorchscript().getContentId().isEmpty()) {
                    throw bad("torchscript.content_id", "empty", "the content id of the module's bytes");
                }
            }
            default -> throw bad("kind", kind, "MODEL_KIND_MLP, MODEL_KIND_VP_EPS or MODEL_KIND_TORCHSCRIPT");
        }
    }

    /**
     * The number of scalar parameters: from the architecture for MLP kinds; for TorchScript the
     * spec's {@code parameter_count} (known only by loading the module otherwise).
     *
     * @throws IllegalArgumentException for an invalid spec, or a TorchScript spec without a count
     */
    public static long parameterCount(ModelSpec spec) {
        validate(spec);
        if (spec.getKind() == ModelKind.MODEL_KIND_TORCHSCRIPT) {
            if (spec.getParameterCount() == 0) {
                throw bad(
                        "parameter_count",
                        0,
                        "the module's parameter count (a TorchScript spec cannot be counted unloaded)");
            }
            return spec.getParameterCount();
        }
        return mlpSpec(spec).parameterCount();
    }

    /** The model of an MLP or VP_EPS spec, parameters in a sub-manager of {@code manager}. */
    public static VelocityField create(ModelSpec spec, NDManager manager) {
        if (spec.getKind() == ModelKind.MODEL_KIND_TORCHSCRIPT) {
            throw new IllegalArgumentException("model spec: kind MODEL_KIND_TORCHSCRIPT needs the module's bytes");
        }
        try {
            return create(spec, null, manager);
        } catch (IOException e) {
            throw new AssertionError("no I/O for MLP kinds", e);
        }
    }

    /**
     * The model of any spec, parameters in a sub-manager of {@code manager}.
     *
     * @param torchscript the bytes of {@code spec.torchscript} (TORCHSCRIPT only; else ignored)
     * @throws IOException if libtorch cannot load the TorchScript bytes (names the content id)
     */
    public static VelocityField create(ModelSpec spec, byte[] torchscript, NDManager manager) throws IOException {
        validate(spec);
        VelocityField field = switch (spec.getKind()) {
            case MODEL_KIND_MLP ->
                new MlpVelocityField(
                        Mlp.create(mlpSpec(spec), manager, DataType.FLOAT32, 0, false),
                        LinearSchedule.INSTANCE,
                        timeInput(spec.getTimeInput(), TimeInput.T, true));
            case MODEL_KIND_VP_EPS -> {
                VpSchedule vp = vpSchedule(spec);
                yield new NoisePredictorFlow(
                        Mlp.create(mlpSpec(spec), manager, DataType.FLOAT32, 0, false),
                        vp,
                        spec.getDdpmTable() ? new DdpmTable(vp) : null);
            }
            case MODEL_KIND_TORCHSCRIPT -> {
                if (torchscript == null) {
                    throw new IllegalArgumentException("model spec: kind MODEL_KIND_TORCHSCRIPT needs the bytes of '"
                            + spec.getTorchscript().getContentId() + "'");
                }
                Schedule s = spec.getSchedule().equals("vp") ? vpSchedule(spec) : LinearSchedule.INSTANCE;
                yield TorchScriptVelocityField.builder()
                        .optSchedule(s)
                        .optDim(spec.getDim())
                        .load(torchscript, spec.getTorchscript().getContentId(), manager);
            }
            default -> throw new AssertionError(spec.getKind());
        };
        if (spec.getParameterCount() > 0 && field.parameters().size() != spec.getParameterCount()) {
            long actual = field.parameters().size();
            field.close();
            throw bad("parameter_count", spec.getParameterCount(), "the model's " + actual + " parameters");
        }
        return field;
    }

    /** The network of an MLP or VP_EPS spec: input dim + 1, output dim. */
    static MlpSpec mlpSpec(ModelSpec spec) {
        if (!spec.hasArchitecture()) {
            throw bad("architecture", "missing", "the network's widths and activation");
        }
        MlpArchitecture a = spec.getArchitecture();
        int d = spec.getDim();
        if (a.getInputDim() != d + 1) {
            throw bad("architecture.input_dim", a.getInputDim(), "dim + 1 = " + (d + 1) + " ([x, time])");
        }
        if (a.getOutputDim() != d) {
            throw bad("architecture.output_dim", a.getOutputDim(), "dim = " + d);
        }
        int[] hidden = new int[a.getHiddenCount()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = a.getHidden(i);
            if (hidden[i] < 1) {
                throw bad("architecture.hidden[" + i + "]", hidden[i], "a width ≥ 1");
            }
        }
        Activation act;
        try {
            act = Activation.parse(a.getActivation());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec: field 'architecture.activation': " + e.getMessage(), e);
        }
        return new MlpSpec(a.getInputDim(), hidden, a.getOutputDim(), act);
    }

    private static VpSchedule vpSchedule(ModelSpec spec) {
        double lo = spec.getVpBetaMin();
        double hi = spec.getVpBetaMax();
        if (lo == 0 && hi == 0) {
            return VpSchedule.DEFAULT;
        }
        if (!(lo > 0) || !Double.isFinite(lo)) {
            throw bad("vp_beta_min", lo, "> 0 (both unset: 0.1 and 12)");
        }
        if (!(hi > lo) || !Double.isFinite(hi)) {
            throw bad("vp_beta_max", hi, "> vp_beta_min = " + lo);
        }
        return new VpSchedule(lo, hi);
    }

    private static TimeInput timeInput(String name, TimeInput fallback, boolean tauAllowed) {
        switch (name) {
            case "":
                return fallback;
            case "t":
                if (fallback == TimeInput.T || tauAllowed) {
                    return TimeInput.T;
                }
                break;
            case "tau":
                if (tauAllowed || fallback == TimeInput.TAU) {
                    return TimeInput.TAU;
                }
                break;
            default:
                break;
        }
        throw bad(
                "time_input",
                "'" + name + "'",
                tauAllowed ? "'t' or 'tau'" : "'" + fallback.name().toLowerCase() + "'");
    }

    private static void requireOneOf(String value, String field, String... allowed) {
        if (value.isEmpty()) {
            return;
        }
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        throw bad(field, "'" + value + "'", "empty or one of " + String.join(", ", allowed));
    }

    private static void checkCount(ModelSpec spec, long count) {
        if (spec.getParameterCount() != 0 && spec.getParameterCount() != count) {
            throw bad("parameter_count", spec.getParameterCount(), "the architecture's " + count + " parameters");
        }
    }

    private static IllegalArgumentException bad(String field, Object value, String expected) {
        return new IllegalArgumentException("model spec: field '" + field + "' is " + value + ", expected " + expected);
    }
}
