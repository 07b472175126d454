package dev.fdc.gpu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.gpu.torchscript.Bf16Cast;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.api.Test;

/**
 * The bf16 view of an MLP: its forward pass really runs in bfloat16 (close to fp32 within bf16
 * rounding, but not equal to it), its gradients reach the shared fp32 parameters, and the cast it
 * uses rounds exactly like bfloat16 (round to nearest, ties to even).
 */
class MlpBf16Test {

    static final MlpSpec SPEC = new MlpSpec(3, new int[] {64, 64}, 2, Activation.SILU);

    @Test
    void castRoundsToNearestEvenBf16AndBackExactly() {
        float[] v = {1f, 1.00390625f, 1.01171875f, -3.1415927f, 1e-3f, 65504f, 0f, 1.0078125f};
        try (NDManager m = Engines.manager();
                Autograd.Mode off = Autograd.disabled()) {
            NDArray x = OwnedArrays.of(m, v);
            float[] back = Bf16Cast.toFloat32(Bf16Cast.toBf16(x)[0]).toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(bf16(v[i]), back[i], 0f, "value " + v[i]);
            }
            assertNotEquals(v[3], back[3], "π is not a bf16 number");
        }
    }

    @Test
    void forwardRunsInBf16CloseToFp32() {
        try (NDManager m = Engines.manager();
                Autograd.Mode off = Autograd.disabled()) {
            Mlp net = Mlp.create(SPEC, m, DataType.FLOAT32, 3, false);
            Mlp half = net.inPrecision(Precision.BF16);
            assertSame(net, net.inPrecision(Precision.FP32));
            assertEquals(Precision.BF16, half.precision());
            NDArray u = input(m, 256);
            float[] a = net.forward(u).toFloatArray();
            float[] b = half.forward(u).toFloatArray();
            double diff = 0;
            double scale = 0;
            int equal = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(a[i]));
                equal += a[i] == b[i] ? 1 : 0;
            }
            // bf16 keeps 8 significant bits (relative rounding 2^-9 ≈ 2e-3 per op), three layers deep
            assertTrue(diff <= 3e-2 * scale, "bf16 vs fp32: max |Δ| " + diff + " at scale " + scale);
            assertTrue(
                    equal < a.length / 2, "the bf16 view computed in fp32 (" + equal + " of " + a.length + " equal)");
            assertEquals(DataType.FLOAT32, half.forward(u).getDataType());
        }
    }

    @Test
    void gradientsOfTheBf16ViewReachTheFp32Parameters() {
        try (NDManager m = Engines.manager()) {
            Mlp net = Mlp.create(SPEC, m, DataType.FLOAT32, 3, false);
            float[] g32 = gradient(net, m);
            float[] g16 = gradient(net.inPrecision(Precision.BF16), m);
            double dot = 0;
            double n32 = 0;
            double diff = 0;
            for (int i = 0; i < g32.length; i++) {
                dot += g32[i] * (double) g16[i];
                n32 += g32[i] * (double) g32[i];
                diff += (g32[i] - g16[i]) * (double) (g32[i] - g16[i]);
            }
            assertTrue(n32 > 0);
            assertTrue(Math.sqrt(diff / n32) < 5e-2, "relative gradient error " + Math.sqrt(diff / n32));
            assertTrue(dot > 0.99 * n32, "gradients point the same way");
        }
    }

    @Test
    void theViewSharesParametersAndClosingItFreesNothing() {
        try (NDManager m = Engines.manager();
                Autograd.Mode off = Autograd.disabled()) {
            Mlp net = Mlp.create(SPEC, m, DataType.FLOAT32, 3, false);
            Mlp half = net.inPrecision(Precision.BF16);
            NDArray u = input(m, 8);
            float[] before = half.forward(u).toFloatArray();
            float[] theta = net.parameters().toFlat();
            for (int i = 0; i < theta.length; i++) {
                theta[i] *= 2;
            }
            net.parameters().fromFlat(theta);
            assertNotEquals(before[0], half.forward(u).toFloatArray()[0], "the view reads the updated parameters");
            half.close();
            assertEquals(theta.length, net.parameters().toFlat().length); // still readable
            Mlp copy = half.copy(m);
            assertEquals(Precision.BF16, copy.precision());
            copy.close();
            Mlp f64 = Mlp.create(SPEC, m, DataType.FLOAT64, 3, false);
            assertThrows(IllegalArgumentException.class, () -> f64.inPrecision(Precision.BF16));
        }
    }

    private static float[] gradient(Mlp net, NDManager m) {
        try (NDManager it = m.newSubManager()) {
            net.parameters().setRequiresGradient(true);
            try (Autograd.Mode on = Autograd.enabled()) {
                NDArray y = net.forward(input(it, 128));
                Autograd.backward(y.mul(y).sum());
            }
            return net.parameters().takeGradient();
        } finally {
            net.parameters().setRequiresGradient(false);
        }
    }

    private static NDArray input(NDManager m, int rows) {
        float[] v = new float[rows * 3];
        CounterRng.of(8, Purpose.TEST).fillGaussian(v);
        return OwnedArrays.of(m, v, new Shape(rows, 3));
    }

    /** float32 → bfloat16 → float32 with round to nearest, ties to even (finite values). */
    static float bf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int lsb = (bits >>> 16) & 1;
        int rounded = bits + 0x7fff + lsb;
        return Float.intBitsToFloat(rounded & 0xffff0000);
    }
}
