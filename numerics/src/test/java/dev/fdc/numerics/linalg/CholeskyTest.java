package dev.fdc.numerics.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Cholesky solve, inverse and log-determinant against identities and a 2×2 closed form. */
class CholeskyTest {

    /** A random SPD matrix B Bᵀ + I (seeded); its condition number is modest, so 1e-10 suffices. */
    private static double[] randomSpd(int p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] b = new double[p * p];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble(-1, 1);
        }
        double[] m = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    m[i * p + j] += b[i * p + k] * b[j * p + k];
                }
            }
            m[i * p + i] += 1;
        }
        return m;
    }

    @Test
    void inverseTimesMatrixIsIdentity() {
        int p = 7;
        double[] m = randomSpd(p, 7);
        double[] prod = Cholesky.multiply(Cholesky.factor(m, p).inverse(), m, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                assertEquals(i == j ? 1 : 0, prod[i * p + j], 1e-10);
            }
        }
    }

    @Test
    void solveSatisfiesTheSystem() {
        int p = 5;
        double[] m = randomSpd(p, 11);
        double[] b = {1, -2, 0.5, 3, 0};
        double[] x = Cholesky.factor(m, p).solve(b);
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                s += m[i * p + j] * x[j];
            }
            assertEquals(b[i], s, 1e-10);
        }
    }

    @Test
    void logDeterminantOfTwoByTwo() {
        double[] m = {4, 1, 1, 3};
        assertEquals(Math.log(11), Cholesky.factor(m, 2).logDeterminant(), 1e-14);
        assertArrayEquals(
                new double[] {3 / 11.0, -1 / 11.0, -1 / 11.0, 4 / 11.0},
                Cholesky.factor(m, 2).inverse(),
                1e-15);
    }

    @Test
    void rejectsIndefiniteAndMisshapen() {
        assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[] {1, 2, 2, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[3], 2));
    }
}
