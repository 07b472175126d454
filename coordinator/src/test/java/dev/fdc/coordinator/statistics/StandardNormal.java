package dev.fdc.coordinator.statistics;

import java.util.SplittableRandom;

/**
 * The standard normal distribution for tests: density φ, CDF Φ (via the Numerical Recipes erfc
 * approximation, fractional error below 1.2e-7, far below every Monte-Carlo tolerance it is used
 * with), quantile z_β by bisection on Φ, and seeded Box–Muller samples.
 */
public final class StandardNormal {

    private StandardNormal() {}

    /** φ(z). */
    public static double density(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** Φ(z) = ½ erfc(−z/√2). */
    public static double cdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** z_β = Φ⁻¹(β), to 1e-12 in z. */
    public static double quantile(double beta) {
        double lo = -40;
        double hi = 40;
        while (hi - lo > 1e-12) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < beta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** n standard normal samples from Box–Muller on a seeded SplittableRandom. */
    public static double[] samples(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double radius = Math.sqrt(-2 * Math.log(u1));
            z[i] = radius * Math.cos(2 * Math.PI * u2);
            if (i + 1 < n) {
                z[i + 1] = radius * Math.sin(2 * Math.PI * u2);
            }
        }
        return z;
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
