package dev.fdc.numerics.optim;

/** Global gradient-norm clipping: g ← g · min(1, c / ‖g‖₂). */
public final class GradientClipping {

    private GradientClipping() {}

    /** The Euclidean norm, accumulated in double in index order. */
    public static double norm(float[] g) {
        double s = 0;
        for (float x : g) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** Scales {@code g} in place so its norm is at most {@code maxNorm}; returns the norm before. */
    public static double clip(float[] g, double maxNorm) {
        double n = norm(g);
        if (n > maxNorm && n > 0) {
            float f = (float) (maxNorm / n);
            for (int i = 0; i < g.length; i++) {
                g[i] *= f;
            }
        }
        return n;
    }

    /** True when every value is finite. */
    public static boolean allFinite(float[] g) {
        for (float x : g) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
