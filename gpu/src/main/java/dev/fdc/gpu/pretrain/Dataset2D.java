package dev.fdc.gpu.pretrain;

import dev.fdc.numerics.random.CounterRng;

/**
 * Built-in 2-D datasets for pre-training fdc's own models by flow matching. Samples come from a
 * counter-based stream, as flat row-major [n, 2] arrays.
 */
public enum Dataset2D {
    /** 10/11 · N(0, I₂) + 1/11 · N((3, 3), 0.3² I₂): the data of the fixtures' gauss model. */
    GAUSS_MIXTURE,
    /** Two interleaved half circles (radius 1, the second shifted by (1, −0.5)), noise 0.05. */
    TWO_MOONS,
    /** A 4 × 4 checkerboard on [−2, 2]², uniform on the 8 dark squares. */
    CHECKERBOARD,
    /** A swiss roll: (t cos t, t sin t) / 3, t ∈ [1.5π, 4.5π], noise 0.1 (radius up to about 4.7). */
    SWISS_ROLL;

    /** n points, row-major [n, 2]. */
    public float[] sample(int n, CounterRng rng) {
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double x;
            double y;
            switch (this) {
                case GAUSS_MIXTURE -> {
                    if (rng.nextDouble() < 1.0 / 11.0) {
                        x = 3 + 0.3 * rng.nextGaussian();
                        y = 3 + 0.3 * rng.nextGaussian();
                    } else {
                        x = rng.nextGaussian();
                        y = rng.nextGaussian();
                    }
                }
                case TWO_MOONS -> {
                    double a = Math.PI * rng.nextDouble();
                    if (rng.nextDouble() < 0.5) {
                        x = Math.cos(a);
                        y = Math.sin(a);
                    } else {
                        x = 1 - Math.cos(a);
                        y = 0.5 - Math.sin(a);
                    }
                    x += 0.05 * rng.nextGaussian();
                    y += 0.05 * rng.nextGaussian();
                }
                case CHECKERBOARD -> {
                    int cell = rng.nextInt(8); // dark squares: (col + row) even on a 4 × 4 board
                    int row = cell / 2;
                    int col = 2 * (cell % 2) + (row % 2);
                    x = -2 + col + rng.nextDouble();
                    y = -2 + row + rng.nextDouble();
                }
                case SWISS_ROLL -> {
                    double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
                    x = t * Math.cos(t) / 3 + 0.1 * rng.nextGaussian();
                    y = t * Math.sin(t) / 3 + 0.1 * rng.nextGaussian();
                }
                default -> throw new AssertionError(this);
            }
            out[2 * i] = (float) x;
            out[2 * i + 1] = (float) y;
        }
        return out;
    }

    /** Parses a config name such as "two-moons" or "gauss_mixture", naming the accepted values on error. */
    public static Dataset2D parse(String name) {
        String key = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (Dataset2D d : values()) {
            if (d.name().equals(key)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "unknown dataset '" + name + "', expected one of gauss-mixture, two-moons, checkerboard, swiss-roll");
    }
}
