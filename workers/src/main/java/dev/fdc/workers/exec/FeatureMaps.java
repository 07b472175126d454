package dev.fdc.workers.exec;

/**
 * The feature maps Φ of statistics tasks, by the names of {@code StatisticsTask.features} and
 * {@code FeatureQuadratic.features}, laid out exactly like the coordinator's
 * {@code dev.fdc.coordinator.statistics.FeatureMap}:
 *
 * <ul>
 *   <li>{@code identity}: Φ(x) = x, p = d;
 *   <li>{@code quadratic}: Φ(x) = (x, x_i x_j for i ≤ j) with the pairs in row-major order (0,0),
 *       (0,1), …, (0,d−1), (1,1), …, (d−1,d−1); p = d + d(d+1)/2.
 * </ul>
 *
 * Products are formed in double and rounded once to float.
 */
final class FeatureMaps {

    private FeatureMaps() {}

    /** Whether {@code name} is a known map. */
    static boolean known(String name) {
        return name.equals("identity") || name.equals("quadratic");
    }

    /** Feature dimension p of map {@code name} for inputs of dimension d. */
    static int featureDim(String name, int d) {
        return name.equals("quadratic") ? d + d * (d + 1) / 2 : d;
    }

    /** Φ of each row of {@code x} [n, d], row-major [n, p]. */
    static float[] apply(String name, float[] x, int d) {
        if (!known(name)) {
            throw new IllegalArgumentException("unknown feature map '" + name + "', expected identity or quadratic");
        }
        int n = x.length / d;
        int p = featureDim(name, d);
        float[] out = new float[n * p];
        for (int r = 0; r < n; r++) {
            int in = r * d;
            int at = r * p;
            System.arraycopy(x, in, out, at, d);
            if (p > d) {
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
