package dev.fdc.gpu.io;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.ParameterSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLP parameters as safetensors files, named like PyTorch's {@code nn.Sequential}
 * ({@code 0.weight} [out, in], {@code 0.bias} [out], {@code 2.weight}, …). The architecture is
 * inferred from the shapes; fdc writes the activation and model kind into the file's metadata
 * ({@code fdc.activation}, {@code fdc.kind}) and reads them back when present.
 */
public final class MlpFiles {

    /** Metadata key of the activation name. */
    public static final String ACTIVATION = "fdc.activation";
    /** Metadata key of the model kind ("mlp" for a velocity MLP, "vp-eps" for a VP noise predictor). */
    public static final String KIND = "fdc.kind";

    private MlpFiles() {}

    /** The architecture stored in a file (activation from metadata, else {@code fallback}). */
    public static MlpSpec spec(Safetensors.Contents c, Activation fallback, String where)
            throws SafetensorsFormatException {
        List<Integer> widths = new ArrayList<>();
        int layer = 0;
        while (c.tensors().containsKey((2 * layer) + ".weight")) {
            Safetensors.Tensor w = c.tensors().get((2 * layer) + ".weight");
            Safetensors.Tensor b = c.tensors().get((2 * layer) + ".bias");
            if (w.shape().length != 2 || b == null || b.shape().length != 1 || b.shape()[0] != w.shape()[0]) {
                throw new SafetensorsFormatException(
                        where, "layer " + (2 * layer) + " needs weight [out, in] and bias [out]");
            }
            if (layer == 0) {
                widths.add((int) w.shape()[1]);
            } else if (w.shape()[1] != widths.get(widths.size() - 1)) {
                throw new SafetensorsFormatException(
                        where,
                        "layer " + (2 * layer) + " takes " + w.shape()[1] + " inputs but the previous layer gives "
                                + widths.get(widths.size() - 1));
            }
            widths.add((int) w.shape()[0]);
            layer++;
        }
        if (layer == 0) {
            throw new SafetensorsFormatException(
                    where,
                    "no MLP layers (expected tensors 0.weight, 0.bias, 2.weight, …); found "
                            + c.tensors().keySet());
        }
        int[] hidden = new int[widths.size() - 2];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = widths.get(i + 1);
        }
        String act = c.metadata().get(ACTIVATION);
        return new MlpSpec(
                widths.get(0), hidden, widths.get(widths.size() - 1), act == null ? fallback : Activation.parse(act));
    }

    /** Loads an MLP from a safetensors file into a sub-manager of {@code manager}. */
    public static Mlp load(Path file, Activation fallback, NDManager manager, DataType dtype) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        MlpSpec spec = spec(c, fallback, file.toString());
        Mlp net = Mlp.create(spec, manager, dtype, 0L, false);
        ParameterSet ps = net.parameters();
        float[] flat = new float[ps.size()];
        int off = 0;
        for (ParameterSet.Parameter p : ps.list()) {
            float[] v = c.require(p.name()).data();
            System.arraycopy(v, 0, flat, off, v.length);
            off += v.length;
        }
        ps.fromFlat(flat);
        return net;
    }

    /** Writes an MLP's parameters with its activation and the given kind in the metadata. */
    public static void save(Mlp net, Path file, String kind, Map<String, String> extraMetadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ACTIVATION, net.spec().activation().name().toLowerCase(java.util.Locale.ROOT));
        meta.put(KIND, kind);
        if (extraMetadata != null) {
            meta.putAll(extraMetadata);
        }
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (ParameterSet.Parameter p : net.parameters().list()) {
            tensors.add(new Safetensors.Tensor(p.name(), p.shape(), ParameterSet.floats(p.array())));
        }
        Safetensors.write(file, tensors, meta);
    }
}
