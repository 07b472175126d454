package dev.fdc.coordinator.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fdc.numerics.features.FeatureMap;
import org.junit.jupiter.api.Test;

/** Moments of small samples with hand-computed values (exact in binary, so tolerance 1e-12). */
class MomentsTest {

    private static final float[][] X = {{1, 2}, {3, 0}, {-1, 4}, {1, 2}};

    @Test
    void scalarMeanAndPopulationVariance() {
        double[] r = {1, 2, 3, 6};
        assertEquals(3.0, Moments.mean(r), 1e-12);
        assertEquals((4 + 1 + 0 + 9) / 4.0, Moments.variance(r), 1e-12); // divides by n
    }

    @Test
    void meanVectorCovarianceAndSecondMoment() {
        assertArrayEquals(new double[] {1, 2}, Moments.meanVector(X), 1e-12);
        // centered rows: (0,0), (2,−2), (−2,2), (0,0)
        assertArrayEquals(new double[] {2, -2, -2, 2}, Moments.covariance(X), 1e-12);
        // E[xxᵀ] = Cov + m mᵀ
        assertArrayEquals(new double[] {3, 0, 0, 6}, Moments.secondMoment(X), 1e-12);
    }

    @Test
    void flatAndRowFormsAgree() {
        float[] flat = Moments.flatten(X);
        assertArrayEquals(Moments.covariance(X), Moments.covariance(flat, 2), 0.0);
        assertArrayEquals(Moments.meanVector(X), Moments.meanVector(flat, 2), 0.0);
    }

    @Test
    void rejectsRaggedAndEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> Moments.flatten(new float[][] {{1}, {1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Moments.meanVector(new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Moments.mean(new double[0]));
    }

    @Test
    void quadraticFeaturesAndJacobianMatchFiniteDifferences() {
        double[] x = {0.3, -1.2, 2.0};
        FeatureMap q = FeatureMap.QUADRATIC;
        assertEquals(9, q.featureDim(3));
        double[] phi = q.apply(x);
        assertEquals(x[0] * x[1], phi[4], 1e-15); // order: x0,x1,x2, x0x0, x0x1, ...
        double[] j = q.jacobian(x);
        double h = 1e-6;
        for (int b = 0; b < 3; b++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[b] += h;
            xm[b] -= h;
            double[] fp = q.apply(xp);
            double[] fm = q.apply(xm);
            for (int a = 0; a < 9; a++) {
                // central difference of a quadratic is exact up to rounding (~1e-10)
                assertEquals((fp[a] - fm[a]) / (2 * h), j[a * 3 + b], 1e-8, "dΦ_" + a + "/dx_" + b);
            }
        }
    }

    @Test
    void featureSecondMomentOfIdentityIsTheSecondMoment() {
        // float inputs, double accumulation: identical sums, so exact equality
        assertArrayEquals(Moments.secondMoment(X), FeatureMap.IDENTITY.secondMoment(Moments.flatten(X), 2), 0.0);
        // quadratic: E[x0² · x0²] entry = E[x0⁴] = (1 + 81 + 1 + 1)/4 = 21
        double[] m = FeatureMap.QUADRATIC.secondMoment(Moments.flatten(X), 2);
        assertEquals(25, m.length);
        assertEquals(21.0, m[2 * 5 + 2], 1e-12);
    }
}
