package dev.fdc.gpu.torchscript;

import static dev.fdc.gpu.torchscript.TorchScriptFixtures.gaussian;
import static dev.fdc.gpu.torchscript.TorchScriptFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.model.TimeInput;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.VpSchedule;
import dev.fdc.gpu.testing.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A velocity MLP written by {@link TorchScriptWriter} and loaded through libtorch against the same
 * MLP evaluated by fdc's {@link MlpVelocityField}.
 *
 * <p>Tolerances (float32, ε = 1.2e-7): both sides run libtorch's {@code linear} on the same
 * weights, so outputs agree to a few ulps; SiLU differs by op ({@code torch.silu} against fdc's
 * x·σ(x), each within an ulp or two of the exact value) and such differences pass through two
 * layers of width 16, so 1e-6 of the output scale (≈ 8 ulps) bounds them while a wrong weight,
 * transposition or activation is off by O(1e-2) or more. Gradients are sums over a batch of 32
 * of such terms: 1e-5 of their scale.
 */
class TorchScriptVelocityFieldTest {

    private static final int D = 2;
    private static final int ROWS = 32;

    private static MlpSpec spec(Activation a) {
        return new MlpSpec(D + 1, new int[] {16, 16}, D, a);
    }

    private static TorchScriptVelocityField load(Mlp mlp, TimeInput time, NDManager m) throws Exception {
        byte[] archive = TorchScriptWriter.velocityField(
                        mlp.spec(), time, mlp.parameters().toMap())
                .toByteArray();
        return TorchScriptVelocityField.builder().load(archive, "velocity.pt", m);
    }

    private static Times times() {
        double[] t = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            t[i] = (i + 0.5) / ROWS;
        }
        return Times.perRow(t);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void outputsEqualFdcMlp(Activation a) throws Exception {
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.disabled()) {
            Mlp mlp = TorchScriptFixtures.mlp(spec(a), m, 7);
            for (TimeInput time : TimeInput.values()) {
                MlpVelocityField reference = new MlpVelocityField(mlp, LinearSchedule.INSTANCE, time);
                try (TorchScriptVelocityField f = load(mlp, time, m)) {
                    NDArray x = gaussian(m, DataType.FLOAT32, ROWS, D, 1);
                    for (Times t : List.of(times(), Times.uniform(0.3, ROWS))) {
                        float[] expected = reference.velocity(x, t).toFloatArray();
                        float[] actual = f.velocity(x, t).toFloatArray();
                        assertTrue(
                                relativeError(actual, expected) < 1e-6,
                                a + "/" + time + ": relative error " + relativeError(actual, expected));
                    }
                    assertEquals(D, f.dim());
                    assertEquals(DataType.FLOAT32, f.dataType());
                }
            }
        }
    }

    @Test
    void timeAsColumnGivesTheSameField() throws Exception {
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.disabled()) {
            Mlp mlp = TorchScriptFixtures.mlp(spec(Activation.TANH), m, 8);
            byte[] archive = TorchScriptWriter.velocityField(
                            mlp.spec(), TimeInput.T, mlp.parameters().toMap())
                    .toByteArray();
            try (TorchScriptVelocityField vector =
                            TorchScriptVelocityField.builder().load(archive, "v.pt", m);
                    TorchScriptVelocityField column = TorchScriptVelocityField.builder()
                            .optTimeShape(TorchScriptVelocityField.TimeShape.COLUMN)
                            .optSchedule(VpSchedule.DEFAULT)
                            .load(archive, "v.pt", m)) {
                NDArray x = gaussian(m, DataType.FLOAT32, ROWS, D, 2);
                assertArrayEquals(
                        vector.velocity(x, times()).toFloatArray(),
                        column.velocity(x, times()).toFloatArray());
                assertEquals(LinearSchedule.INSTANCE, vector.schedule());
                assertEquals(VpSchedule.DEFAULT, column.schedule());
            }
        }
    }

    @Test
    void parametersRoundTripThroughFlatArraysAndDriveTheOutput() throws Exception {
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.disabled()) {
            Mlp original = TorchScriptFixtures.mlp(spec(Activation.GELU), m, 9);
            Mlp other = TorchScriptFixtures.mlp(spec(Activation.GELU), m, 10);
            try (TorchScriptVelocityField f = load(original, TimeInput.T, m)) {
                assertEquals(
                        List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                        f.parameters().names());
                assertEquals(original.spec().parameterCount(), f.parameters().size());
                assertArrayEquals(original.parameters().toFlat(), f.parameters().toFlat());

                float[] replaced = other.parameters().toFlat();
                f.parameters().fromFlat(replaced);
                assertArrayEquals(replaced, f.parameters().toFlat());

                NDArray x = gaussian(m, DataType.FLOAT32, ROWS, D, 3);
                MlpVelocityField reference = new MlpVelocityField(other, LinearSchedule.INSTANCE, TimeInput.T);
                MlpVelocityField before = new MlpVelocityField(original, LinearSchedule.INSTANCE, TimeInput.T);
                float[] expected = reference.velocity(x, times()).toFloatArray();
                float[] actual = f.velocity(x, times()).toFloatArray();
                assertTrue(
                        relativeError(actual, expected) < 1e-6, "after fromFlat: " + relativeError(actual, expected));
                assertTrue(
                        relativeError(actual, before.velocity(x, times()).toFloatArray()) > 1e-2,
                        "the output must follow the new parameters");
            }
        }
    }

    @Test
    void copyIsIndependentAndKeepsCurrentValues() throws Exception {
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.disabled()) {
            Mlp a = TorchScriptFixtures.mlp(spec(Activation.RELU), m, 11);
            Mlp b = TorchScriptFixtures.mlp(spec(Activation.RELU), m, 12);
            try (TorchScriptVelocityField f = load(a, TimeInput.T, m)) {
                f.parameters().fromFlat(b.parameters().toFlat());
                try (TorchScriptVelocityField c = f.copy(m)) {
                    assertArrayEquals(b.parameters().toFlat(), c.parameters().toFlat());
                    c.parameters().fromFlat(a.parameters().toFlat());
                    assertArrayEquals(b.parameters().toFlat(), f.parameters().toFlat(), "the original is untouched");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void parameterGradientsEqualFdcMlp(Activation act) throws Exception {
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.enabled()) {
            Mlp mlp = TorchScriptFixtures.mlp(spec(act), m, 13);
            MlpVelocityField reference = new MlpVelocityField(mlp, LinearSchedule.INSTANCE, TimeInput.T);
            reference.parameters().setRequiresGradient(true);
            try (TorchScriptVelocityField f = load(mlp, TimeInput.T, m)) {
                NDArray x = gaussian(m, DataType.FLOAT32, ROWS, D, 4);
                NDArray a = gaussian(m, DataType.FLOAT32, ROWS, D, 5);
                Autograd.backward(reference.velocity(x, times()).mul(a).sum());
                Autograd.backward(f.velocity(x, times()).mul(a).sum());
                float[] expected = reference.parameters().takeGradient();
                float[] actual = f.parameters().takeGradient();
                assertTrue(
                        relativeError(actual, expected) < 1e-5,
                        act + ": relative error " + relativeError(actual, expected));
                assertTrue(
                        relativeError(expected, new float[expected.length]) > 1e-3, "gradients are not trivially zero");
                assertArrayEquals(new float[expected.length], f.parameters().takeGradient(), "takeGradient zeroes");
            }
        }
    }

    /**
     * aᵀ ∂v/∂x by autograd through the TorchScript module against central differences, both in
     * float64 (the archive's parameters widened): with ε = 1e-5 truncation (≈ ε²) and rounding
     * (≈ 1e-16/ε) errors are ≈ 1e-10, so 1e-7 of the gradient's scale separates right from wrong.
     */
    @ParameterizedTest
    @EnumSource(
            value = Activation.class,
            names = {"SILU", "GELU", "TANH"})
    void inputVjpMatchesCentralDifferences(Activation act) throws Exception {
        try (NDManager m = Engines.manager()) {
            Mlp mlp = TorchScriptFixtures.mlp(spec(act), m, 14);
            byte[] archive = TorchScriptWriter.velocityField(
                            mlp.spec(), TimeInput.T, mlp.parameters().toMap())
                    .inFloat64()
                    .toByteArray();
            try (TorchScriptVelocityField f = TorchScriptVelocityField.builder().load(archive, "v64.pt", m)) {
                assertEquals(DataType.FLOAT64, f.dataType());
                f.parameters().setRequiresGradient(false);
                int rows = 5;
                double[] x = gaussian(rows * D, 6);
                double[] a = gaussian(rows * D, 7);
                Times t = Times.perRow(new double[] {0.05, 0.3, 0.5, 0.77, 0.95});
                double[] g = Autograd.vjp(
                                y -> f.velocity(y, t),
                                m.create(x, new Shape(rows, D)),
                                m.create(a, new Shape(rows, D)),
                                null)
                        .toDoubleArray();
                double scale = 1;
                for (double v : g) {
                    scale = Math.max(scale, Math.abs(v));
                }
                double eps = 1e-5;
                for (int i = 0; i < rows * D; i++) {
                    double[] xp = x.clone();
                    double[] xm = x.clone();
                    xp[i] += eps;
                    xm[i] -= eps;
                    double[] vp;
                    double[] vm;
                    try (Autograd.Mode ignored = Autograd.disabled()) {
                        vp = f.velocity(m.create(xp, new Shape(rows, D)), t).toDoubleArray();
                        vm = f.velocity(m.create(xm, new Shape(rows, D)), t).toDoubleArray();
                    }
                    int row = i / D;
                    double fd = 0;
                    for (int k = 0; k < D; k++) {
                        fd += a[row * D + k] * (vp[row * D + k] - vm[row * D + k]) / (2 * eps);
                    }
                    assertEquals(fd, g[i], 1e-7 * scale, act + ": VJP component " + i);
                }
            }
        }
    }
}
