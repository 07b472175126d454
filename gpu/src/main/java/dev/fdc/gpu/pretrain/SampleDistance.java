package dev.fdc.gpu.pretrain;

/**
 * Distances between two samples (flat row-major [n, d]) for sample-quality checks, in plain Java.
 *
 * <p>Energy distance (Székely &amp; Rizzo): E = 2 E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ ≥ 0, zero iff the
 * laws agree; the V-statistic form below is biased upward by O(1/n) for finite samples.
 */
public final class SampleDistance {

    private SampleDistance() {}

    /** The energy distance between samples a and b of dimension d. */
    public static double energy(float[] a, float[] b, int d) {
        return 2 * meanDistance(a, b, d) - meanDistance(a, a, d) - meanDistance(b, b, d);
    }

    /** E‖X − Y‖ over all pairs. */
    static double meanDistance(float[] a, float[] b, int d) {
        int n = a.length / d;
        int m = b.length / d;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = a[i * d + k] - b[j * d + k];
                    s += diff * diff;
                }
                sum += Math.sqrt(s);
            }
        }
        return sum / ((double) n * m);
    }

    /** Per-dimension means of a flat [n, d] sample. */
    public static double[] mean(float[] a, int d) {
        double[] mu = new double[d];
        int n = a.length / d;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mu[k] += a[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            mu[k] /= n;
        }
        return mu;
    }

    /** Per-dimension (unbiased) variances of a flat [n, d] sample. */
    public static double[] variance(float[] a, int d) {
        double[] mu = mean(a, d);
        double[] v = new double[d];
        int n = a.length / d;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double c = a[i * d + k] - mu[k];
                v[k] += c * c;
            }
        }
        for (int k = 0; k < d; k++) {
            v[k] /= n - 1;
        }
        return v;
    }
}
