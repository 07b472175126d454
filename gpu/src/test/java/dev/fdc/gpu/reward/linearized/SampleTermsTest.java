package dev.fdc.gpu.reward.linearized;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.FeatureQuadratic;
import dev.fdc.protocol.v1.Kernel;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.Potential;
import dev.fdc.protocol.v1.Witness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Potential (critic), witness (MMD²) and feature-quadratic terms against independent
 * computations: finite differences of the term's potential, or a plain-Java double loop.
 * Central differences in float64 with ε = 1e-5 on smooth functions of O(1) curvature are exact
 * to about 1e-9; 1e-7 relative leaves a margin while any wrong factor is off by O(1).
 */
class SampleTermsTest {

    static ContentRef ref(String id) {
        return ContentRef.newBuilder().setContentId(id).build();
    }

    /** Central differences of the evaluator's value at x, flat like x. */
    static double[] differences(LinearizedRewardEvaluator e, NDManager m, double[] x) {
        double eps = 1e-5;
        double[] fd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += eps;
            xm[i] -= eps;
            fd[i] = (TermWorld.value(e, m, xp)[i / 2] - TermWorld.value(e, m, xm)[i / 2]) / (2 * eps);
        }
        return fd;
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * Math.max(1, scale), what + " component " + i);
        }
    }

    @Test
    void potentialIsTheCriticsInputGradient() {
        double[] x = TermWorld.points(8, 1.5, 5);
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m)) {
            MlpSpec spec = new MlpSpec(2, new int[] {16, 8}, 1, Activation.TANH);
            float[] params;
            try (Mlp net = Mlp.create(spec, m, DataType.FLOAT32, 9, false)) {
                params = net.parameters().toFlat();
            }
            LinearizedTerm t = LinearizedTerm.newBuilder()
                    .setLabel("w1")
                    .setWeight(1)
                    .setPotential(Potential.newBuilder()
                            .setCritic(MlpArchitecture.newBuilder()
                                    .setInputDim(2)
                                    .addHidden(16)
                                    .addHidden(8)
                                    .setOutputDim(1)
                                    .setActivation("tanh"))
                            .setParameters(ref("critic")))
                    .build();
            try (LinearizedRewardEvaluator e = world.evaluator(Map.of("critic", params), 1, t)) {
                assertClose(differences(e, m, x), TermWorld.gradient(e, m, x), 1e-7, "∇φ");
            }
        }
    }

    @Test
    void witnessMatchesAPlainDoubleLoop() {
        double h = 0.7;
        float[] current = floats(TermWorld.points(50, 1.0, 6), 0.5f);
        float[] pre = floats(TermWorld.points(70, 1.0, 7), 0f);
        double[] x = TermWorld.points(9, 1.5, 8);
        LinearizedTerm t = LinearizedTerm.newBuilder()
                .setLabel("mmd")
                .setWeight(1)
                .setWitness(Witness.newBuilder()
                        .setKernel(Kernel.newBuilder().setKind("gaussian").setBandwidth(h))
                        .setCurrentSamples(ref("cur"))
                        .setPreSamples(ref("pre"))
                        .setDim(2))
                .build();
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m);
                LinearizedRewardEvaluator e = world.evaluator(Map.of("cur", current, "pre", pre), 1, t)) {
            double[] expected = new double[x.length];
            double[] expectedValue = new double[9];
            for (int i = 0; i < 9; i++) {
                accumulate(expected, expectedValue, x, i, current, h, 2);
                accumulate(expected, expectedValue, x, i, pre, h, -2);
            }
            // Same formula in float64 on the same float32 samples: rounding-level agreement.
            assertClose(expected, TermWorld.gradient(e, m, x), 1e-12, "witness gradient");
            assertClose(expectedValue, TermWorld.value(e, m, x), 1e-12, "witness value");
            assertClose(differences(e, m, x), TermWorld.gradient(e, m, x), 1e-7, "witness gradient vs its value");
        }
    }

    private static void accumulate(double[] g, double[] v, double[] x, int i, float[] ys, double h, double factor) {
        int n = ys.length / 2;
        for (int j = 0; j < n; j++) {
            double d0 = x[2 * i] - ys[2 * j];
            double d1 = x[2 * i + 1] - ys[2 * j + 1];
            double k = Math.exp(-(d0 * d0 + d1 * d1) / (2 * h * h));
            g[2 * i] += factor * (-d0 / (h * h)) * k / n;
            g[2 * i + 1] += factor * (-d1 / (h * h)) * k / n;
            v[i] += factor * k / n;
        }
    }

    /** Symmetric B: the gradient is that of Φᵀ B Φ. Non-symmetric B: 2 J_Φᵀ B Φ by hand. */
    @Test
    void featureQuadraticMatchesDifferencesAndAHandComputation() {
        double[] x = TermWorld.points(7, 1.2, 9);
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m)) {
            for (String features : new String[] {"identity", "quadratic"}) {
                int p = features.equals("identity") ? 2 : 5;
                double[] sym = matrix(p, true, features.hashCode());
                try (LinearizedRewardEvaluator e = world.evaluator(Map.of(), 1, fq(features, p, sym))) {
                    assertClose(differences(e, m, x), TermWorld.gradient(e, m, x), 1e-7, features + " vs differences");
                }
                double[] general = matrix(p, false, features.hashCode() + 1);
                try (LinearizedRewardEvaluator e = world.evaluator(Map.of(), 1, fq(features, p, general))) {
                    double[] expected = new double[x.length];
                    for (int i = 0; i < 7; i++) {
                        double a = x[2 * i];
                        double b = x[2 * i + 1];
                        double[] phi = p == 2 ? new double[] {a, b} : new double[] {a, b, a * a, a * b, b * b};
                        // J_Φ rows: ∂Φ/∂(a, b).
                        double[][] j = p == 2
                                ? new double[][] {{1, 0}, {0, 1}}
                                : new double[][] {{1, 0}, {0, 1}, {2 * a, 0}, {b, a}, {0, 2 * b}};
                        for (int r = 0; r < p; r++) {
                            double bphi = 0;
                            for (int c = 0; c < p; c++) {
                                bphi += general[r * p + c] * phi[c];
                            }
                            expected[2 * i] += 2 * j[r][0] * bphi;
                            expected[2 * i + 1] += 2 * j[r][1] * bphi;
                        }
                    }
                    assertClose(expected, TermWorld.gradient(e, m, x), 1e-12, features + " vs 2 JᵀBΦ by hand");
                }
            }
        }
    }

    static LinearizedTerm fq(String features, int p, double[] b) {
        FeatureQuadratic.Builder f =
                FeatureQuadratic.newBuilder().setFeatures(features).setFeatureDim(p);
        for (double v : b) {
            f.addMatrix(v);
        }
        return LinearizedTerm.newBuilder()
                .setLabel("design")
                .setWeight(1)
                .setFeatureQuadratic(f)
                .build();
    }

    static double[] matrix(int p, boolean symmetric, long seed) {
        CounterRng rng = CounterRng.of(seed, Purpose.TEST);
        double[] b = new double[p * p];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextGaussian();
        }
        if (symmetric) {
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < r; c++) {
                    b[r * p + c] = b[c * p + r];
                }
            }
        }
        return b;
    }

    static float[] floats(double[] v, float shift) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i] + (i % 2 == 0 ? shift : 0);
        }
        return f;
    }
}
