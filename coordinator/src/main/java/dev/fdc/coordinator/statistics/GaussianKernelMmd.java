package dev.fdc.coordinator.statistics;

/**
 * MMD² with the Gaussian kernel k(x, y) = exp(−‖x − y‖² / (2h²)) between two empirical measures,
 * and its witness gradient (MATH.md §5):
 *
 * <pre>
 *   MMD²(p, q) = E_{p⊗p} k − 2 E_{p⊗q} k + E_{q⊗q} k               (V-statistic, plug-in)
 *   ∇_x δMMD²(x) = 2 (E_{y~p} ∇_x k(x, y) − E_{y~q} ∇_x k(x, y)),   ∇_x k = −(x − y)/h² k(x, y)
 * </pre>
 *
 * O(n²) in plain Java: a metric for small sample sets and the reference the workers' witness
 * evaluator is tested against. Samples are flat row-major {@code float[n*d]}.
 */
public final class GaussianKernelMmd {

    private final double bandwidth;
    private final int dim;

    /** Kernel bandwidth h &gt; 0, sample dimension d. */
    public GaussianKernelMmd(double bandwidth, int dim) {
        if (!(bandwidth > 0) || dim <= 0) {
            throw new IllegalArgumentException("need bandwidth > 0 and dim > 0, got " + bandwidth + ", " + dim);
        }
        this.bandwidth = bandwidth;
        this.dim = dim;
    }

    /** k(x, y) for rows i of {@code a} and j of {@code b}. */
    private double kernel(float[] a, int i, float[] b, int j) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            double diff = (double) a[i * dim + k] - b[j * dim + k];
            s += diff * diff;
        }
        return Math.exp(-s / (2 * bandwidth * bandwidth));
    }

    private double meanKernel(float[] a, float[] b) {
        int n = a.length / dim;
        int m = b.length / dim;
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                s += kernel(a, i, b, j);
            }
        }
        return s / ((double) n * m);
    }

    /** MMD²(p, q) of the empirical measures of {@code p} and {@code q} (biased V-statistic). */
    public double squared(float[] p, float[] q) {
        return meanKernel(p, p) - 2 * meanKernel(p, q) + meanKernel(q, q);
    }

    /** 2 (E_{y~p} ∇_x k(x, y) − E_{y~q} ∇_x k(x, y)) at the point x. */
    public double[] witnessGradient(double[] x, float[] p, float[] q) {
        double[] g = new double[dim];
        accumulate(g, x, p, 2.0);
        accumulate(g, x, q, -2.0);
        return g;
    }

    private void accumulate(double[] g, double[] x, float[] ys, double factor) {
        int n = ys.length / dim;
        double[] acc = new double[dim];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < dim; k++) {
                double diff = x[k] - ys[j * dim + k];
                s += diff * diff;
            }
            double kv = Math.exp(-s / (2 * bandwidth * bandwidth));
            for (int k = 0; k < dim; k++) {
                acc[k] += -(x[k] - ys[j * dim + k]) / (bandwidth * bandwidth) * kv;
            }
        }
        for (int k = 0; k < dim; k++) {
            g[k] += factor * acc[k] / n;
        }
    }
}
