package dev.fdc.coordinator.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fdc.coordinator.statistics.GaussianKernelMmd;
import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.SampleSet;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference check of the MMD² term with a Gaussian kernel on empirical measures P (p_{k−1})
 * and Q (p_pre): the produced Witness term (weight −α) evaluated by the reference must equal
 * −α ∇_x d/dε MMD²((1 − ε)P + ε δ_x, Q). MMD² is quadratic in ε, so the central ε-difference is
 * exact up to rounding (1e-13 at ε = 1e-3); the x-difference (h = 1e-5) keeps the error ≲ 1e-8:
 * tolerance 1e-6. The production {@link GaussianKernelMmd} must agree with the reference too.
 */
class MmdFiniteDifferenceTest {

    private static final double H = 0.8;
    private static final double ALPHA = 0.6;
    private static final int D = 2;

    private static float[] cloud(long seed, int n, double shift) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble(-1, 1) + shift);
        }
        return x;
    }

    private final float[] current = cloud(1, 20, 0.4);
    private final float[] pre = cloud(2, 25, 0.0);

    private static double k(double[] a, float[] ys, int j) {
        double s = 0;
        for (int c = 0; c < D; c++) {
            s += (a[c] - ys[j * D + c]) * (a[c] - ys[j * D + c]);
        }
        return Math.exp(-s / (2 * H * H));
    }

    /** MMD² of (1 − ε) P + ε δ_x against Q, written out independently of the production code. */
    private double mmd2(double[] x, double eps) {
        int n = current.length / D;
        int m = pre.length / D;
        double[][] atoms = new double[n + 1][];
        double[] w = new double[n + 1];
        for (int i = 0; i < n; i++) {
            atoms[i] = new double[] {current[i * D], current[i * D + 1]};
            w[i] = (1 - eps) / n;
        }
        atoms[n] = x;
        w[n] = eps;
        double pp = 0;
        double pq = 0;
        double qq = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                double s = 0;
                for (int c = 0; c < D; c++) {
                    s += (atoms[i][c] - atoms[j][c]) * (atoms[i][c] - atoms[j][c]);
                }
                pp += w[i] * w[j] * Math.exp(-s / (2 * H * H));
            }
            for (int j = 0; j < m; j++) {
                pq += w[i] * k(atoms[i], pre, j) / m;
            }
        }
        for (int i = 0; i < m; i++) {
            double[] yi = {pre[i * D], pre[i * D + 1]};
            for (int j = 0; j < m; j++) {
                qq += k(yi, pre, j) / ((double) m * m);
            }
        }
        return pp - 2 * pq + qq;
    }

    private double directional(double[] x) {
        double eps = 1e-3;
        return (mmd2(x, eps) - mmd2(x, -eps)) / (2 * eps);
    }

    @Test
    void witnessTermIsMinusAlphaTimesTheGradientOfTheFirstVariation() {
        ContentRef cur = ContentRef.newBuilder().setContentId("samples-k0").build();
        ContentRef pr = ContentRef.newBuilder().setContentId("samples-pre").build();
        StatisticsSnapshot s = StatisticsSnapshot.builder(2)
                .setSampleSets(new SampleSet(cur, D, current), new SampleSet(pr, D, pre))
                .build();
        MmdTerm term = new MmdTerm(ALPHA, H);
        LinearizedReward lr = new Objective(List.of(term)).linearize(s, 1.0);
        LinearizedTerm t = lr.getTerms(0);
        assertEquals(-ALPHA, t.getWeight(), 0.0);
        assertEquals("gaussian", t.getWitness().getKernel().getKind());
        assertEquals(H, t.getWitness().getKernel().getBandwidth(), 0.0);
        assertEquals("samples-k0", t.getWitness().getCurrentSamples().getContentId());
        assertEquals("samples-pre", t.getWitness().getPreSamples().getContentId());
        assertEquals(D, t.getWitness().getDim());
        assertEquals(mmd2(new double[2], 0), term.value(s).getAsDouble(), 1e-12);

        ReferenceGradient ref =
                new ReferenceGradient().withSamples("samples-k0", current).withSamples("samples-pre", pre);
        GaussianKernelMmd production = new GaussianKernelMmd(H, D);
        for (double[] x : new double[][] {{0.1, 0.2}, {-0.8, 0.9}, {1.5, -0.3}}) {
            double[] g = ref.gradient(lr, x);
            double[] fd = new double[D];
            double h = 1e-5;
            for (int c = 0; c < D; c++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[c] += h;
                xm[c] -= h;
                fd[c] = (directional(xp) - directional(xm)) / (2 * h);
                assertEquals(-ALPHA * fd[c], g[c], 1e-6, "∂_" + c);
            }
            assertArrayEquals(fd, production.witnessGradient(x, current, pre), 1e-6);
        }
    }
}
