package dev.fdc.coordinator.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.FeatureMoments;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.numerics.linalg.Cholesky;
import dev.fdc.protocol.v1.FeatureQuadratic;
import dev.fdc.protocol.v1.LinearizedReward;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference check of the D-optimal (log det M) and A-optimal (−tr M⁻¹) terms,
 * M = E_p[ΦΦᵀ] + λI, on an empirical measure, for identity and quadratic features: the claimed
 * first variation Φ(x)ᵀ B Φ(x) (B the term's matrix, M⁻¹ or M⁻²) minus its p-mean must equal
 * d/dε G((1 − ε) p + ε δ_x), and the term's x-gradient 2 J_Φᵀ B Φ must equal the x-difference of
 * that derivative. The five-point ε-stencil (ε = 1e-3) has truncation O(ε⁴) ≈ 1e-11 relative here
 * and rounding ~1e-16/ε = 1e-13; the x-difference (h = 1e-4) adds h² ≈ 1e-8 and 1e-13/h = 1e-9:
 * tolerances 1e-6 (δG) and 1e-5 (gradient), relative to max(1, |value|).
 */
class ExperimentDesignFiniteDifferenceTest {

    private static final double LAMBDA = 0.3;

    private final double[][] points = new double[30][];

    ExperimentDesignFiniteDifferenceTest() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
        }
    }

    private double[] secondMoment(FeatureMap map, double[] x, double eps) {
        int p = map.featureDim(2);
        double[] m = new double[p * p];
        for (int i = 0; i <= points.length; i++) {
            double[] phi = map.apply(i < points.length ? points[i] : x);
            double w = i < points.length ? (1 - eps) / points.length : eps;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    m[a * p + b] += w * phi[a] * phi[b];
                }
            }
        }
        return m;
    }

    private double objective(boolean dOptimal, FeatureMap map, double[] x, double eps) {
        int p = map.featureDim(2);
        double[] m = secondMoment(map, x, eps);
        for (int a = 0; a < p; a++) {
            m[a * p + a] += LAMBDA;
        }
        Cholesky c = Cholesky.factor(m, p);
        if (dOptimal) {
            return c.logDeterminant();
        }
        double[] inv = c.inverse();
        double t = 0;
        for (int a = 0; a < p; a++) {
            t += inv[a * p + a];
        }
        return -t;
    }

    private double directional(boolean dOptimal, FeatureMap map, double[] x) {
        double eps = 1e-3;
        double d1 = objective(dOptimal, map, x, eps) - objective(dOptimal, map, x, -eps);
        double d2 = objective(dOptimal, map, x, 2 * eps) - objective(dOptimal, map, x, -2 * eps);
        return (8 * d1 - d2) / (12 * eps);
    }

    private static double quadraticForm(FeatureQuadratic fq, double[] phi) {
        int p = fq.getFeatureDim();
        double s = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                s += phi[a] * fq.getMatrix(a * p + b) * phi[b];
            }
        }
        return s;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"d-optimal, identity", "d-optimal, quadratic", "a-optimal, identity", "a-optimal, quadratic"})
    void firstVariationAndGradientMatchFiniteDifferences(String type, String features) {
        boolean dOptimal = type.equals("d-optimal");
        FeatureMap map = FeatureMap.byName(features);
        int p = map.featureDim(2);
        StatisticsSnapshot s = StatisticsSnapshot.builder(1)
                .setFeatureMoments(new FeatureMoments(map, p, secondMoment(map, new double[2], 0), points.length))
                .build();
        ObjectiveTerm term = dOptimal ? new DOptimalTerm(1.0, map, LAMBDA) : new AOptimalTerm(1.0, map, LAMBDA);
        LinearizedReward lr = new Objective(List.of(term)).linearize(s, 1.0);
        FeatureQuadratic fq = lr.getTerms(0).getFeatureQuadratic();
        assertEquals(features, fq.getFeatures());
        assertEquals(p, fq.getFeatureDim());
        assertEquals(objective(dOptimal, map, new double[2], 0), term.value(s).getAsDouble(), 1e-12);

        double meanForm = 0;
        for (double[] pt : points) {
            meanForm += quadraticForm(fq, map.apply(pt)) / points.length;
        }
        ReferenceGradient ref = new ReferenceGradient();
        for (double[] x : new double[][] {{0.4, -0.2}, {-0.9, 0.7}, {1.3, 0.5}}) {
            double fd = directional(dOptimal, map, x);
            double claimed = quadraticForm(fq, map.apply(x)) - meanForm;
            assertEquals(fd, claimed, 1e-6 * Math.max(1, Math.abs(fd)), "δG at " + x[0] + "," + x[1]);
            double[] g = ref.gradient(lr, x);
            double h = 1e-4;
            for (int k = 0; k < 2; k++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[k] += h;
                xm[k] -= h;
                double fdx = (directional(dOptimal, map, xp) - directional(dOptimal, map, xm)) / (2 * h);
                assertEquals(fdx, g[k], 1e-5 * Math.max(1, Math.abs(fdx)), "∂_" + k);
            }
        }
    }
}
