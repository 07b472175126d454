package dev.fdc.numerics.features;

import java.util.Arrays;

/**
 * Feature maps Φ: R^d → R^p of the experiment-design terms (MATH.md §5, proto
 * {@code FeatureQuadratic.features}). {@code quadratic} is (x, x_i x_j for i ≤ j) with the pairs in
 * row-major order (0,0), (0,1), …, (0,d−1), (1,1), …, (d−1,d−1). The one definition of the layout,
 * shared by the coordinator (moments, objective terms) and the workers (statistics tasks).
 */
public enum FeatureMap {
    /** Φ(x) = x, p = d. */
    IDENTITY("identity"),
    /** Φ(x) = (x, x_i x_j for i ≤ j), p = d + d(d+1)/2. */
    QUADRATIC("quadratic");

    private final String wireName;

    FeatureMap(String wireName) {
        this.wireName = wireName;
    }

    /** The name in configs and in {@code FeatureQuadratic.features}. */
    public String wireName() {
        return wireName;
    }

    /** The map named {@code name}, or {@code null} if there is none. */
    public static FeatureMap byName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.wireName.equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Feature dimension p for inputs of dimension d. */
    public int featureDim(int d) {
        return this == IDENTITY ? d : d + d * (d + 1) / 2;
    }

    /** Φ(x). */
    public double[] apply(double[] x) {
        int d = x.length;
        double[] phi = new double[featureDim(d)];
        System.arraycopy(x, 0, phi, 0, d);
        if (this == QUADRATIC) {
            int at = d;
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    phi[at++] = x[i] * x[j];
                }
            }
        }
        return phi;
    }

    /** J_Φ(x), p×d flat row-major: ∂Φ_a/∂x_b at index a·d + b. */
    public double[] jacobian(double[] x) {
        int d = x.length;
        int p = featureDim(d);
        double[] j = new double[p * d];
        for (int i = 0; i < d; i++) {
            j[i * d + i] = 1;
        }
        if (this == QUADRATIC) {
            int at = d;
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    j[at * d + a] += x[b];
                    j[at * d + b] += x[a];
                    at++;
                }
            }
        }
        return j;
    }

    /** E[Φ Φᵀ] over {@code n = x.length / d} row-major samples, flat p×p, accumulated in double. */
    public double[] secondMoment(float[] x, int d) {
        if (d <= 0 || x.length == 0 || x.length % d != 0) {
            throw new IllegalArgumentException(
                    "flat sample of length " + x.length + " is not a non-empty multiple of dimension " + d);
        }
        int n = x.length / d;
        int p = featureDim(d);
        double[] m = new double[p * p];
        double[] xi = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                xi[k] = x[i * d + k];
            }
            double[] phi = apply(xi);
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    m[a * p + b] += phi[a] * phi[b];
                }
            }
        }
        for (int a = 0; a < m.length; a++) {
            m[a] /= n;
        }
        return m;
    }

    /** Φ of each row of {@code x} [n, d], row-major [n, p]; products formed in double, rounded once. */
    public float[] apply(float[] x, int d) {
        int n = x.length / d;
        int p = featureDim(d);
        float[] out = new float[n * p];
        for (int r = 0; r < n; r++) {
            int in = r * d;
            int at = r * p;
            System.arraycopy(x, in, out, at, d);
            if (this == QUADRATIC) {
                int k = at + d;
                for (int i = 0; i < d; i++) {
                    for (int j = i; j < d; j++) {
                        out[k++] = (float) ((double) x[in + i] * x[in + j]);
                    }
                }
            }
        }
        return out;
    }
}
