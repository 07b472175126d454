package dev.fdc.gpu.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.model.ParameterSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript module loaded through DJL with trainable parameters: its named parameters (as
 * libtorch's {@code named_parameters()} names them, e.g. {@code 0.weight}) form a {@link
 * ParameterSet} that reads and writes the module's own tensors, and {@link #forward} runs the
 * module's {@code forward} method on the calling thread under that thread's grad mode, so
 * parameter gradients and input vector–Jacobian products come out of {@code
 * dev.fdc.gpu.Autograd}.
 *
 * <p>The module is loaded with DJL's {@code trainParam} option (without it libtorch loads the
 * weights as inference tensors and backward fails) and runs in eval mode (dropout off, batch
 * norm on running statistics), the deterministic function the sampler and the adjoint need.
 *
 * <p>Memory: the module and its parameters live in a sub-manager of the manager given at load
 * and are released by {@link #close()}; results of {@link #forward} belong to the manager of the
 * first input.
 */
public final class TorchScriptModule implements AutoCloseable {

    private static final String GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";

    private final String name;
    private final byte[] archive;
    private final NDManager manager;
    private final PtSymbolBlock block;
    private final ParameterSet parameters;

    private TorchScriptModule(String name, byte[] archive, NDManager manager, PtSymbolBlock block) {
        this.name = name;
        this.archive = archive;
        this.manager = manager;
        this.block = block;
        List<ParameterSet.Parameter> ps = new ArrayList<>();
        for (NDArray a : JniUtils.moduleGetParams(block, (PtNDManager) manager)) {
            ps.add(new ParameterSet.Parameter(a.getName(), a));
        }
        this.parameters = new ParameterSet(ps);
    }

    /**
     * Loads a TorchScript file ({@code torch.jit.save}) with its parameters in a sub-manager of
     * {@code parent}.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws TorchScriptFormatException if the file is not a TorchScript archive libtorch can load
     */
    public static TorchScriptModule load(Path file, NDManager parent) throws IOException {
        return load(Files.readAllBytes(file), file.toString(), parent);
    }

    /**
     * Loads a TorchScript archive held in memory.
     *
     * @param name names the archive in error messages (a file name, a URL)
     */
    public static TorchScriptModule load(byte[] archive, String name, NDManager parent) throws IOException {
        if (archive.length < 4 || archive[0] != 'P' || archive[1] != 'K' || archive[2] != 3 || archive[3] != 4) {
            throw new TorchScriptFormatException(
                    name,
                    "not a TorchScript archive: expected a ZIP file as written by "
                            + "torch.jit.save (starting with \"PK\\3\\4\"), found " + archive.length
                            + " bytes starting with "
                            + hex(archive));
        }
        DjlRuntime.engine();
        // DJL's loader that honours trainParam reads from a path only.
        Path tmp = Files.createTempFile("fdc-torchscript-", ".pt");
        NDManager m = parent.newSubManager();
        try {
            Files.write(tmp, archive);
            PtSymbolBlock block = JniUtils.loadModule((PtNDManager) m, tmp, true, new String[0], new String[0], true);
            JniUtils.enableInferenceMode(block);
            return new TorchScriptModule(name, archive.clone(), m, block);
        } catch (RuntimeException e) {
            m.close();
            throw new TorchScriptFormatException(
                    name, "libtorch cannot load it as a TorchScript module: " + summary(e.getMessage()), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The loaded block, for callers in this package that run other signatures. */
    PtSymbolBlock block() {
        return block;
    }

    /** The name given at load (the file name). */
    public String name() {
        return name;
    }

    /** The module's parameters in libtorch's order, backed by the module's own tensors. */
    public ParameterSet parameters() {
        return parameters;
    }

    /** The element type of the first parameter (float32 if the module has none). */
    public DataType dataType() {
        return parameters.list().isEmpty()
                ? DataType.FLOAT32
                : parameters.list().get(0).array().getDataType();
    }

    /**
     * The module's {@code forward(inputs…)} with one tensor result, recorded for autograd when the
     * calling thread's grad mode is on.
     *
     * @return the result, in the manager of {@code inputs[0]}
     * @throws IllegalStateException if the module returns something other than one tensor
     */
    public NDArray forward(NDArray... inputs) {
        if (System.getProperty(GRAPH_OPTIMIZER) != null) {
            // libtorch's executor setting is per thread; DJL's own forward sets it the same way.
            JniUtils.setGraphExecutorOptimize(Boolean.getBoolean(GRAPH_OPTIMIZER));
        }
        NDList in = new NDList(inputs.length);
        List<NDArray> renamed = new ArrayList<>();
        for (NDArray a : inputs) {
            in.add(plainlyNamed(a, renamed));
        }
        NDList out;
        try {
            // isTrain = true: let the thread's grad mode decide (false would force no-grad).
            out = IValueUtils.forward(block, in, true);
        } finally {
            renamed.forEach(NDArray::close);
        }
        if (out.size() != 1) {
            out.close();
            throw new IllegalStateException(name + ": forward returned " + out.size() + " tensors, expected one");
        }
        NDArray result = out.singletonOrThrow();
        result.setName(null);
        return result;
    }

    /** An independent module reloaded from the same archive, with this module's current parameter values. */
    public TorchScriptModule copy(NDManager parent) {
        TorchScriptModule c;
        try {
            c = load(archive, name, parent);
        } catch (IOException e) {
            throw new IllegalStateException(name + ": reloading an archive that loaded before failed", e);
        }
        c.parameters.copyFrom(parameters);
        return c;
    }

    @Override
    public void close() {
        block.close();
        manager.close();
    }

    /**
     * DJL turns inputs named like {@code a.b}, {@code a[]}, {@code a()} into dicts, lists and
     * tuples; a named input is passed as an unnamed duplicate so it stays one tensor.
     */
    private static NDArray plainlyNamed(NDArray a, List<NDArray> renamed) {
        if (a.getName() == null || a.getName().isEmpty()) {
            return a;
        }
        NDArray d = a.duplicate();
        d.setName(null);
        renamed.add(d);
        return d;
    }

    /** The first non-blank line of a libtorch message (the rest is a C++ or TorchScript trace). */
    private static String summary(String s) {
        if (s != null) {
            for (String line : s.split("\n")) {
                if (!line.isBlank()) {
                    return line.trim();
                }
            }
        }
        return "(no message)";
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            s.append(String.format("%02x", b[i] & 0xff));
        }
        return s.length() == 0 ? "(empty)" : s.toString();
    }
}
