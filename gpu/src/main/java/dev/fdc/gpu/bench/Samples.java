package dev.fdc.gpu.bench;

import java.util.Arrays;
import java.util.Locale;

/** Timings of one measurement (milliseconds) and their median and quartiles. */
final class Samples {

    private double[] v = new double[16];
    private int n;

    void add(double x) {
        if (n == v.length) {
            v = Arrays.copyOf(v, 2 * n);
        }
        v[n++] = x;
    }

    int size() {
        return n;
    }

    double get(int i) {
        return v[i];
    }

    double median() {
        return quantile(0.5);
    }

    /** The q-quantile with linear interpolation between order statistics. */
    double quantile(double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        return c[lo] + (pos - lo) * (c[hi] - c[lo]);
    }

    /** "median [q1, q3]" with two decimals. */
    String summary() {
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", median(), quantile(0.25), quantile(0.75));
    }

    /** The element-wise ratios a_i / b_i of two equally long series (paired measurements). */
    static Samples ratios(Samples a, Samples b) {
        Samples r = new Samples();
        for (int i = 0; i < Math.min(a.n, b.n); i++) {
            r.add(a.v[i] / b.v[i]);
        }
        return r;
    }
}
