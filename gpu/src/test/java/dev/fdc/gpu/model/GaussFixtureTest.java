package dev.fdc.gpu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.schedule.DdpmTable;
import dev.fdc.gpu.schedule.VpSchedule;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.gpu.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gauss model's published test vectors (fixtures/README.md): ε̂, score, velocity and one
 * noiseless Euler–Maruyama step at four points. Tolerances are the fixture's own: ε̂ to 1e-6
 * absolute (float32 network outputs, some near zero), scaled by 1/σ_i for the score and by
 * η_t/σ_i for the velocity; the step to the velocity tolerance times 2h plus float32 rounding.
 */
class GaussFixtureTest {

    static final double[][] POINTS = {{0, 0}, {1, -0.5}, {3, 3}, {-2, 1}};

    static NDManager manager;
    static NoisePredictorFlow flow;

    @BeforeAll
    static void load() throws Exception {
        Path file = Fixtures.require("gauss_model.safetensors");
        manager = Engines.manager();
        VpSchedule vp = VpSchedule.DEFAULT;
        flow = new NoisePredictorFlow(
                MlpFiles.load(file, Activation.RELU, manager, DataType.FLOAT32), vp, new DdpmTable(vp));
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private float[] eval(String what, double t) {
        try (NDManager m = manager.newSubManager()) {
            double[] flat = new double[8];
            for (int i = 0; i < 4; i++) {
                flat[2 * i] = POINTS[i][0];
                flat[2 * i + 1] = POINTS[i][1];
            }
            NDArray x = Engines.matrix(m, DataType.FLOAT32, 4, 2, flat);
            Times times = Times.uniform(t, 4);
            NDArray out = switch (what) {
                case "eps" -> flow.predictNoise(x, times);
                case "score" -> flow.score(x, times);
                default -> flow.velocity(x, times);
            };
            return out.toFloatArray();
        }
    }

    private static void assertRows(double[][] expected, float[] actual, double tol, String label) {
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[i][k], actual[2 * i + k], tol, label + " at point " + i + ", coordinate " + k);
            }
        }
    }

    private static double scaled(double t, double factor) {
        return 1e-6 * factor;
    }

    @Test
    void noisePredictionAtTimeZero() {
        assertRows(
                new double[][] {
                    {0.0280455, -0.0310247}, {0.9873133, -0.5997966}, {3.3544283, 3.1989858}, {-2.1200824, 0.8800163}
                },
                eval("eps", 0),
                1e-6 + 1e-7 * 4,
                "ε̂(t=0)");
    }

    @Test
    void noisePredictionAtHalf() {
        assertRows(
                new double[][] {
                    {0.0090084, -0.0015026}, {0.8091468, -0.4872820}, {1.4351597, 1.5049059}, {-1.7927963, 0.7820614}
                },
                eval("eps", 0.5),
                1e-6 + 1e-7 * 4,
                "ε̂(t=0.5)");
    }

    @Test
    void scoreAtHalfAndNearData() {
        DdpmTable table = new DdpmTable(VpSchedule.DEFAULT);
        assertRows(
                new double[][] {
                    {-0.0101563, 0.0016941}, {-0.9122516, 0.5493735}, {-1.6180338, -1.6966674}, {2.0212417, -0.8817149}
                },
                eval("score", 0.5),
                2e-6 / table.sigmaAt(0.5),
                "s(t=0.5)");
        assertRows(
                new double[][] {
                    {-0.6456654, -1.7778260},
                    {-1.7567219, -0.3438524},
                    {12.6334419, 4.8121696},
                    {11.2130785, -4.1116776}
                },
                eval("score", 0.995),
                2e-6 / table.sigmaAt(0.995) + 2e-6 * 12.7,
                "s(t=0.995)");
    }

    @Test
    void velocityAtZeroAndHalf() {
        VpSchedule vp = VpSchedule.DEFAULT;
        DdpmTable table = new DdpmTable(vp);
        // ε̂ tolerance scaled by η_t/σ_i, plus κ_t's float32 rounding times |x| ≤ 3.
        double tol0 = 2e-6 * vp.eta(0) / table.sigmaAt(0) + 6 * 1e-6 * 3;
        assertRows(
                new double[][] {
                    {-0.1684671, 0.1863627}, {0.0692930, 0.6029272}, {-2.1497669, -1.2160378}, {0.7351551, 0.7138171}
                },
                eval("velocity", 0),
                tol0,
                "v(t=0)");
        double tolHalf = 2e-6 * vp.eta(0.5) / table.sigmaAt(0.5) + 3 * 1e-6 * 3;
        assertRows(
                new double[][] {
                    {-0.0307227, 0.0051245}, {0.2654390, 0.1493548}, {4.1804481, 3.9425817}, {0.0642562, 0.3578124}
                },
                eval("velocity", 0.5),
                tolHalf,
                "v(t=0.5)");
    }

    @Test
    void oneNoiselessEulerMaruyamaStep() {
        VpSchedule vp = VpSchedule.DEFAULT;
        double h = 0.025;
        double t = 0.5;
        float[] v = eval("velocity", t);
        double[][] expected = {{0.93764687, -0.45471972}, {2.98214746, 2.97025418}};
        int[] rows = {1, 2};
        for (int r = 0; r < 2; r++) {
            for (int k = 0; k < 2; k++) {
                double x = POINTS[rows[r]][k];
                double next = x + h * (2 * v[2 * rows[r] + k] - vp.driftKappa(t, h) * x);
                // velocity tolerance (≈ 4e-5) times 2h, plus float32 rounding of the reference
                assertEquals(expected[r][k], next, 1e-5, "EM step of point " + rows[r] + ", coordinate " + k);
            }
        }
        assertEquals(0.38890874, Math.sqrt(h) * vp.noiseSigma(t, h), 1e-7, "noise scale √h σ(0.5)");
    }
}
