package dev.fdc.gpu.torchscript;

import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.TimeInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes an MLP as a TorchScript archive that {@code torch.jit.load} (Python) and
 * {@code torch::jit::load} (libtorch, DJL) open: fdc's export of fine-tuned models for PyTorch
 * users, and the way fdc's tests produce TorchScript files without Python.
 *
 * <p>Two kinds of model:
 *
 * <ul>
 *   <li>{@link #velocityField}: {@code forward(x: Tensor, t: Tensor) -> Tensor} with x [B, d] and
 *       t [B] or [B, 1], returning v = net([x, f(t)]) of shape [B, d], where f(t) = t or 1 − t
 *       ({@link TimeInput}); the spec maps d + 1 inputs to d outputs.
 *   <li>{@link #reward}: {@code forward(x: Tensor) -> Tensor} returning r = net(x) of shape [B];
 *       the spec maps d inputs to 1 output.
 * </ul>
 *
 * The network is the spec's Linear/activation stack with a linear last layer. Parameters are
 * named like PyTorch's {@code nn.Sequential} (and fdc's {@code Mlp}): {@code 0.weight} [out, in],
 * {@code 0.bias} [out], {@code 2.weight}, … and stored as float32 (or float64, {@link
 * #inFloat64()}). In Python the loaded module's
 * {@code state_dict()} has exactly these keys.
 *
 * <p>Archive layout (PyTorch's file format version 3, as {@code torch.jit.save} writes it):
 * stored ZIP entries with 64-byte aligned data under one folder {@code archive/}: {@code
 * data.pkl} (the module object, pickle protocol 2), {@code code/__torch__/fdc.py} and {@code
 * code/__torch__/torch/nn/modules/linear.py} (TorchScript source), {@code constants.pkl},
 * {@code data/0}, {@code data/1}, … (little-endian storages, one per tensor), {@code version} and
 * {@code byteorder}.
 */
public final class TorchScriptWriter {

    /** The file format version written to {@code archive/version}. */
    public static final int FILE_FORMAT_VERSION = 3;

    private static final String ARCHIVE = "archive";

    private final MlpTorchScript.Kind kind;
    private final MlpSpec spec;
    private final TimeInput time;
    private final List<float[]> storages;
    private final boolean float64;

    private TorchScriptWriter(
            MlpTorchScript.Kind kind, MlpSpec spec, TimeInput time, List<float[]> storages, boolean float64) {
        this.kind = kind;
        this.spec = spec;
        this.time = time;
        this.storages = storages;
        this.float64 = float64;
    }

    private TorchScriptWriter(MlpTorchScript.Kind kind, MlpSpec spec, TimeInput time, Map<String, float[]> parameters) {
        this(kind, spec, time, storages(spec, parameters), false);
    }

    /**
     * The same model with float64 parameters (the values widened exactly): such a module computes
     * in double precision when given float64 inputs, e.g. to check gradients against finite
     * differences.
     */
    public TorchScriptWriter inFloat64() {
        return new TorchScriptWriter(kind, spec, time, storages, true);
    }

    /**
     * A velocity field v(x, t) = net([x, f(t)]).
     *
     * @param spec d + 1 inputs, d outputs
     * @param time the time feature f(t) the network was trained with
     * @param parameters values by name ({@code 0.weight}, {@code 0.bias}, …), row-major
     * @throws IllegalArgumentException if the widths or the parameters do not fit, naming the
     *     offending parameter
     */
    public static TorchScriptWriter velocityField(MlpSpec spec, TimeInput time, Map<String, float[]> parameters) {
        if (spec.inputDim() != spec.outputDim() + 1) {
            throw new IllegalArgumentException("a velocity MLP maps [x, t] (d + 1 inputs) to d outputs; got " + spec);
        }
        return new TorchScriptWriter(MlpTorchScript.Kind.VELOCITY, spec, time, parameters);
    }

    /**
     * A reward r(x) = net(x)[:, 0].
     *
     * @param spec d inputs, 1 output
     * @param parameters values by name ({@code 0.weight}, {@code 0.bias}, …), row-major
     */
    public static TorchScriptWriter reward(MlpSpec spec, Map<String, float[]> parameters) {
        if (spec.outputDim() != 1) {
            throw new IllegalArgumentException("a reward MLP has 1 output; got " + spec);
        }
        return new TorchScriptWriter(MlpTorchScript.Kind.REWARD, spec, TimeInput.T, parameters);
    }

    /** The parameter names and shapes the spec implies, in storage order. */
    public static Map<String, long[]> parameterShapes(MlpSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>();
        int[] w = spec.widths();
        for (int i = 0; i + 1 < w.length; i++) {
            out.put((2 * i) + ".weight", new long[] {w[i + 1], w[i]});
            out.put((2 * i) + ".bias", new long[] {w[i + 1]});
        }
        return out;
    }

    /** The TorchScript source of the top-level module ({@code code/__torch__/fdc.py}). */
    public String source() {
        return MlpTorchScript.moduleSource(kind, spec, time);
    }

    /** The archive's bytes. */
    public byte[] toByteArray() {
        AlignedZipWriter zip = new AlignedZipWriter();
        String root = ARCHIVE + "/";
        zip.add(root + "data.pkl", MlpTorchScript.modulePickle(kind, spec, float64));
        zip.add(root + "code/__torch__/fdc.py", utf8(source()));
        zip.add(root + "code/__torch__/torch/nn/modules/linear.py", utf8(MlpTorchScript.linearSource()));
        zip.add(root + "constants.pkl", MlpTorchScript.constantsPickle());
        for (int i = 0; i < storages.size(); i++) {
            zip.add(root + "data/" + i, littleEndian(storages.get(i), float64));
        }
        zip.add(root + "version", utf8(FILE_FORMAT_VERSION + "\n"));
        zip.add(root + "byteorder", utf8("little"));
        return zip.finish();
    }

    /** Writes the archive to {@code file} (conventionally {@code *.pt}). */
    public void write(Path file) throws IOException {
        Files.write(file, toByteArray());
    }

    private static List<float[]> storages(MlpSpec spec, Map<String, float[]> parameters) {
        Map<String, long[]> shapes = parameterShapes(spec);
        TreeSet<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(shapes.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "parameters " + unknown + " are not part of the MLP " + spec + ", which has " + shapes.keySet());
        }
        List<float[]> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] v = parameters.get(e.getKey());
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            if (v == null) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " is missing for the MLP " + spec);
            }
            if (v.length != n) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has " + v.length + " values, expected "
                        + n + " (shape " + java.util.Arrays.toString(e.getValue()) + ")");
            }
            out.add(v.clone());
        }
        return out;
    }

    private static byte[] littleEndian(float[] v, boolean float64) {
        ByteBuffer b = ByteBuffer.allocate((float64 ? 8 : 4) * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            if (float64) {
                b.putDouble(f);
            } else {
                b.putFloat(f);
            }
        }
        return b.array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
