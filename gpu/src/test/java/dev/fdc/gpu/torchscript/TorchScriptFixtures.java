package dev.fdc.gpu.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;

/** fdc's own MLPs as reference models, and random inputs, for the TorchScript tests. */
final class TorchScriptFixtures {

    private TorchScriptFixtures() {}

    /** A float32 fdc MLP initialized from {@code seed} (PyTorch's nn.Linear init). */
    static Mlp mlp(MlpSpec spec, NDManager m, long seed) {
        return Mlp.create(spec, m, DataType.FLOAT32, seed, false);
    }

    /** Standard normal values from a counter-based stream (reproducible by {@code stream}). */
    static double[] gaussian(int n, long stream) {
        double[] v = new double[n];
        CounterRng.of(23, Purpose.TEST, stream).fillGaussian(v);
        return v;
    }

    /** A [rows, cols] array of standard normals of the given type. */
    static NDArray gaussian(NDManager m, DataType dtype, int rows, int cols, long stream) {
        return m.create(gaussian(rows * cols, stream), new Shape(rows, cols)).toType(dtype, false);
    }

    /** max |a − b| / max(1, max |b|). */
    static double relativeError(float[] a, float[] b) {
        double err = 0;
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            err = Math.max(err, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return err / scale;
    }
}
