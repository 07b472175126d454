package dev.fdc.gpu.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import dev.fdc.gpu.DjlRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Conversion of float32 arrays to bfloat16 on DJL 0.33, whose native layer cannot name bfloat16:
 * every DJL call that passes a data type ({@code toType}, {@code zeros}, {@code full}, {@code
 * create}, …) maps it through a switch without a bfloat16 case whose default is a bare C++
 * {@code throw;}, which ends the JVM with "terminate called without an active exception". The
 * conversion therefore runs inside a tiny TorchScript module ({@code torch.to(x, 15)}, written by
 * fdc without Python), which libtorch records for autograd like any op: gradients of a bf16
 * result flow back to the fp32 input. The way back to float32 runs there too ({@link #toFloat32}):
 * DJL's {@code toType} converts under a no-grad guard, which would cut the graph.
 *
 * <p>Rules for the results: DJL reports their type as {@code UNKNOWN}. Ops that take no type
 * (linear, matmul, relu, sigmoid, add, mul of two arrays, sum, concat, reshape) work on them;
 * never call a type-taking op on them (including {@code mul(Number)} and {@code Scalars}, which
 * create a scalar of the array's type); {@link #toFloat32} converts back. Results
 * belong to the manager of the first input; the memory is libtorch's own (no Java buffer).
 */
public final class Bf16Cast {

    /** libtorch's ScalarType code of bfloat16, as TorchScript source writes dtypes. */
    static final int SCALAR_TYPE_BF16 = 15;

    /** libtorch's ScalarType code of float32. */
    static final int SCALAR_TYPE_FLOAT = 6;

    private static final ConcurrentHashMap<Integer, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();
    private static volatile NDManager owner;

    private Bf16Cast() {}

    /** The bfloat16 copies of {@code arrays} (each of any shape), in one native call. */
    public static NDArray[] toBf16(NDArray... arrays) {
        return cast(SCALAR_TYPE_BF16, arrays);
    }

    /** The float32 copy of a (bfloat16) array, differentiable. */
    public static NDArray toFloat32(NDArray array) {
        return cast(SCALAR_TYPE_FLOAT, array)[0];
    }

    private static NDArray[] cast(int scalarType, NDArray... arrays) {
        if (arrays.length == 0) {
            return new NDArray[0];
        }
        PtSymbolBlock block = MODULES.computeIfAbsent(key(scalarType, arrays.length), Bf16Cast::load);
        NDList in = new NDList(arrays.length);
        for (NDArray a : arrays) {
            if (a.getName() != null && !a.getName().isEmpty()) {
                // DJL would pass a named array as a dict, list or tuple entry (see TorchScriptModule)
                throw new IllegalArgumentException("bf16 cast of a named array ('" + a.getName() + "')");
            }
            in.add(a);
        }
        NDList out = IValueUtils.forward(block, in, true);
        if (out.size() != arrays.length) {
            out.close();
            throw new IllegalStateException("bf16 cast returned " + out.size() + " arrays for " + arrays.length);
        }
        return out.toArray(new NDArray[0]);
    }

    private static int key(int scalarType, int arity) {
        return scalarType * 100_000 + arity;
    }

    private static String className(int key) {
        return "Cast" + (key / 100_000) + "x" + (key % 100_000);
    }

    /** The TorchScript source of the module casting {@code key % 100000} tensors to ScalarType {@code key / 100000}. */
    static String source(int key) {
        int arity = key % 100_000;
        int scalarType = key / 100_000;
        StringBuilder s = new StringBuilder();
        s.append("class ").append(className(key)).append("(Module):\n");
        s.append("  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
        s.append("  def forward(self: ")
                .append(MlpTorchScript.QUALIFIER)
                .append('.')
                .append(className(key));
        for (int i = 0; i < arity; i++) {
            s.append(",\n    x").append(i).append(": Tensor");
        }
        s.append(") -> ").append(arity == 1 ? "Tensor" : tupleType(arity)).append(":\n");
        s.append("    return ");
        if (arity > 1) {
            s.append('(');
        }
        for (int i = 0; i < arity; i++) {
            s.append(i == 0 ? "" : ", ")
                    .append("torch.to(x")
                    .append(i)
                    .append(", ")
                    .append(scalarType);
            s.append(")");
        }
        s.append(arity > 1 ? ")\n" : "\n");
        return s.toString();
    }

    /** The archive of the module {@link #source} describes. */
    static byte[] archive(int key) {
        PickleWriter p = new PickleWriter();
        p.global(MlpTorchScript.QUALIFIER, className(key)).emptyTuple().newObj();
        p.emptyDict().mark();
        p.string("training").bool(false);
        p.setItems().build();
        AlignedZipWriter zip = new AlignedZipWriter();
        zip.add("archive/data.pkl", p.stop());
        zip.add("archive/code/__torch__/fdc.py", source(key).getBytes(StandardCharsets.UTF_8));
        zip.add("archive/constants.pkl", MlpTorchScript.constantsPickle());
        zip.add("archive/version", (TorchScriptWriter.FILE_FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        zip.add("archive/byteorder", "little".getBytes(StandardCharsets.UTF_8));
        return zip.finish();
    }

    private static String tupleType(int arity) {
        StringBuilder s = new StringBuilder("Tuple[");
        for (int i = 0; i < arity; i++) {
            s.append(i == 0 ? "" : ", ").append("Tensor");
        }
        return s.append(']').toString();
    }

    private static PtSymbolBlock load(int key) {
        NDManager m = manager();
        try {
            // loaded once per type and arity for the life of the JVM: the module has no tensors, only code
            TorchScriptModule module = TorchScriptModule.load(archive(key), className(key), m);
            return module.block();
        } catch (IOException e) {
            throw new IllegalStateException("the bf16 cast module did not load", e);
        }
    }

    private static NDManager manager() {
        NDManager m = owner;
        if (m == null) {
            synchronized (Bf16Cast.class) {
                if (owner == null) {
                    owner = DjlRuntime.newManager("fdc-bf16-cast");
                }
                m = owner;
            }
        }
        return m;
    }
}
