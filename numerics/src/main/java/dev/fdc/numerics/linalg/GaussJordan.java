package dev.fdc.numerics.linalg;

/** Inverses of small dense matrices by Gauss–Jordan elimination (ground metrics of Wasserstein-1). */
public final class GaussJordan {

    private GaussJordan() {}

    /**
     * A^{−1} of a row-major d×d matrix by Gauss–Jordan elimination with partial pivoting (d is
     * small); refuses, with IllegalArgumentException, an A whose pivot falls below 1e-12 of its
     * largest entry. The coordinator validates ground metrics, and the critic trainer
     * applies them, with this routine.
     */
    public static double[] inverse(double[] a, int d) {
        double[] m = a.clone();
        double[] inv = new double[d * d];
        for (int i = 0; i < d; i++) {
            inv[i * d + i] = 1;
        }
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int col = 0; col < d; col++) {
            int piv = col;
            for (int r = col + 1; r < d; r++) {
                if (Math.abs(m[r * d + col]) > Math.abs(m[piv * d + col])) {
                    piv = r;
                }
            }
            if (!(Math.abs(m[piv * d + col]) > 1e-12 * scale)) {
                throw new IllegalArgumentException(
                        "the ground metric A must be invertible (the critic constraint uses A^{-T})");
            }
            swap(m, col, piv, d);
            swap(inv, col, piv, d);
            double p = m[col * d + col];
            for (int k = 0; k < d; k++) {
                m[col * d + k] /= p;
                inv[col * d + k] /= p;
            }
            for (int r = 0; r < d; r++) {
                if (r != col) {
                    double f = m[r * d + col];
                    for (int k = 0; k < d; k++) {
                        m[r * d + k] -= f * m[col * d + k];
                        inv[r * d + k] -= f * inv[col * d + k];
                    }
                }
            }
        }
        return inv;
    }

    private static void swap(double[] m, int r1, int r2, int d) {
        for (int k = 0; k < d && r1 != r2; k++) {
            double t = m[r1 * d + k];
            m[r1 * d + k] = m[r2 * d + k];
            m[r2 * d + k] = t;
        }
    }
}
