package dev.fdc.numerics.linalg;

/**
 * Cholesky factorization M = L Lᵀ of a small symmetric positive definite p×p matrix (flat,
 * row-major), with solve, inverse and log-determinant log det M = 2 Σ log L_ii. Used for the
 * experiment-design terms (M = E[ΦΦᵀ] + λI, MATH.md §5), where p is at most a few hundred.
 */
public final class Cholesky {

    private final int p;
    private final double[] lower;

    private Cholesky(int p, double[] lower) {
        this.p = p;
        this.lower = lower;
    }

    /**
     * Factors the symmetric matrix {@code m} (only its lower triangle is read).
     *
     * @throws IllegalArgumentException if m is not p×p or not (numerically) positive definite
     */
    public static Cholesky factor(double[] m, int p) {
        if (p <= 0 || m.length != p * p) {
            throw new IllegalArgumentException(
                    "expected a " + p + "x" + p + " matrix (" + p * p + " values), got " + m.length);
        }
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = m[i * p + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * p + k] * l[j * p + k];
                }
                if (i == j) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        throw new IllegalArgumentException(
                                "matrix is not positive definite (pivot " + i + " = " + s + ")");
                    }
                    l[i * p + i] = Math.sqrt(s);
                } else {
                    l[i * p + j] = s / l[j * p + j];
                }
            }
        }
        return new Cholesky(p, l);
    }

    /** Dimension p. */
    public int dim() {
        return p;
    }

    /** x = M⁻¹ b. */
    public double[] solve(double[] b) {
        if (b.length != p) {
            throw new IllegalArgumentException("right-hand side has length " + b.length + ", not " + p);
        }
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= lower[i * p + k] * y[k];
            }
            y[i] = s / lower[i * p + i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < p; k++) {
                s -= lower[k * p + i] * x[k];
            }
            x[i] = s / lower[i * p + i];
        }
        return x;
    }

    /** M⁻¹, flat row-major and exactly symmetric. */
    public double[] inverse() {
        double[] inv = new double[p * p];
        double[] e = new double[p];
        for (int j = 0; j < p; j++) {
            e[j] = 1;
            double[] col = solve(e);
            e[j] = 0;
            for (int i = 0; i < p; i++) {
                inv[i * p + j] = col[i];
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (inv[i * p + j] + inv[j * p + i]);
                inv[i * p + j] = s;
                inv[j * p + i] = s;
            }
        }
        return inv;
    }

    /** log det M = 2 Σ_i log L_ii. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < p; i++) {
            s += Math.log(lower[i * p + i]);
        }
        return 2 * s;
    }

    /** C = A B of two p×p flat row-major matrices. */
    public static double[] multiply(double[] a, double[] b, int p) {
        double[] c = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < p; k++) {
                double aik = a[i * p + k];
                for (int j = 0; j < p; j++) {
                    c[i * p + j] += aik * b[k * p + j];
                }
            }
        }
        return c;
    }
}
