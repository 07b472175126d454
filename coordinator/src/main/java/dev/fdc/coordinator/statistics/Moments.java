package dev.fdc.coordinator.statistics;

/**
 * Moments of the empirical measure of a sample set: mean, variance, mean vector, covariance and
 * uncentered second-moment matrix. All are plug-in values of the empirical measure (they divide by
 * n, not n − 1), which is what the first variations of MATH.md §5 are taken at. Vector samples are
 * either {@code float[n][d]} or flat row-major {@code float[n*d]}; matrices are returned flat,
 * row-major, d×d. Sums run in index order in double precision, so results are deterministic.
 */
public final class Moments {

    private Moments() {}

    /** E r = (1/n) Σ r_i. */
    public static double mean(double[] r) {
        requireNonEmpty(r.length);
        double sum = 0;
        for (double v : r) {
            sum += v;
        }
        return sum / r.length;
    }

    /** Var r = (1/n) Σ (r_i − E r)² (two-pass, of the empirical measure). */
    public static double variance(double[] r) {
        double m = mean(r);
        double sum = 0;
        for (double v : r) {
            sum += (v - m) * (v - m);
        }
        return sum / r.length;
    }

    /** E x = (1/n) Σ x_i of {@code n = x.length / d} row-major vectors of dimension d. */
    public static double[] meanVector(float[] x, int d) {
        int n = rows(x, d);
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= n;
        }
        return m;
    }

    /** E x of row vectors {@code x[i]}. */
    public static double[] meanVector(float[][] x) {
        return meanVector(flatten(x), x[0].length);
    }

    /** Cov x = (1/n) Σ (x_i − E x)(x_i − E x)ᵀ, flat row-major d×d. */
    public static double[] covariance(float[] x, int d) {
        double[] m = meanVector(x, d);
        return centeredSecondMoment(x, d, m);
    }

    /** Cov x of row vectors {@code x[i]}. */
    public static double[] covariance(float[][] x) {
        return covariance(flatten(x), x[0].length);
    }

    /** E[x xᵀ] = (1/n) Σ x_i x_iᵀ (uncentered), flat row-major d×d; for features Φ this is M − λI. */
    public static double[] secondMoment(float[] x, int d) {
        return centeredSecondMoment(x, d, new double[d]);
    }

    /** E[x xᵀ] of row vectors {@code x[i]}. */
    public static double[] secondMoment(float[][] x) {
        return secondMoment(flatten(x), x[0].length);
    }

    private static double[] centeredSecondMoment(float[] x, int d, double[] center) {
        int n = rows(x, d);
        double[] c = new double[d * d];
        double[] y = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                y[j] = x[i * d + j] - center[j];
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    c[a * d + b] += y[a] * y[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                c[a * d + b] /= n;
                c[b * d + a] = c[a * d + b];
            }
        }
        return c;
    }

    /** Row-major copy of {@code x[n][d]}; every row must have the same length d ≥ 1. */
    public static float[] flatten(float[][] x) {
        requireNonEmpty(x.length);
        int d = x[0].length;
        float[] flat = new float[x.length * d];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has length " + x[i].length + ", row 0 has " + d);
            }
            System.arraycopy(x[i], 0, flat, i * d, d);
        }
        return flat;
    }

    private static int rows(float[] x, int d) {
        if (d <= 0 || x.length % d != 0) {
            throw new IllegalArgumentException(
                    "flat sample of length " + x.length + " is not a multiple of dimension " + d);
        }
        requireNonEmpty(x.length / d);
        return x.length / d;
    }

    private static void requireNonEmpty(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("moments of an empty sample");
        }
    }
}
