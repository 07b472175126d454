package dev.fdc.cli.eval;

import java.util.Arrays;

/**
 * Sample-based metrics of MATH.md §6 for the 2-D experiments, in plain Java: the exact
 * Wasserstein-1 distance between two equal-size sample sets under the ground metric ‖A(x − y)‖
 * (an optimal assignment, Hungarian algorithm, O(n³)), and the Kozachenko–Leonenko k-NN entropy
 * estimate.
 */
final class SampleMetrics {

    private SampleMetrics() {}

    /**
     * W1 between the first {@code n} points of {@code x} and of {@code y} (flat, row-major,
     * dimension {@code d}) under cost ‖A(x − y)‖₂, A given as rows (null: identity). With equal
     * weights 1/n the optimal plan is a permutation, so W1 = min over assignments of the mean cost.
     */
    static double w1(float[] x, float[] y, int d, int n, double[][] a) {
        double[][] cost = new double[n][n];
        double[] diff = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < d; k++) {
                    diff[k] = x[i * d + k] - y[j * d + k];
                }
                double s = 0;
                for (int r = 0; r < d; r++) {
                    double v = 0;
                    for (int k = 0; k < d; k++) {
                        v += (a == null ? (r == k ? 1 : 0) : a[r][k]) * diff[k];
                    }
                    s += v * v;
                }
                cost[i][j] = Math.sqrt(s);
            }
        }
        int[] match = hungarian(cost);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += cost[i][match[i]];
        }
        return total / n;
    }

    /** Minimum-cost perfect assignment of a square cost matrix: row i goes to column result[i]. */
    static int[] hungarian(double[][] c) {
        int n = c.length;
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1];
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = c[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] result = new int[n];
        for (int j = 1; j <= n; j++) {
            result[p[j] - 1] = j - 1;
        }
        return result;
    }

    /**
     * Kozachenko–Leonenko entropy estimate (nats) of the first {@code n} points of {@code x} in
     * dimension 2: H ≈ ψ(n) − ψ(k) + log(π) + (2/n) Σ log ε_i, ε_i the distance to the k-th
     * nearest neighbour.
     */
    static double knnEntropy2d(float[] x, int n, int k) {
        double sumLog = 0;
        double[] dist = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double dx = x[2 * i] - x[2 * j];
                    double dy = x[2 * i + 1] - x[2 * j + 1];
                    dist[m++] = dx * dx + dy * dy;
                }
            }
            Arrays.sort(dist);
            sumLog += 0.5 * Math.log(Math.max(dist[k - 1], 1e-300));
        }
        return digamma(n) - digamma(k) + Math.log(Math.PI) + 2.0 * sumLog / n;
    }

    /** ψ(m) for a positive integer m: −γ + Σ_{j<m} 1/j. */
    static double digamma(int m) {
        double s = -0.5772156649015329;
        for (int j = 1; j < m; j++) {
            s += 1.0 / j;
        }
        return s;
    }
}
