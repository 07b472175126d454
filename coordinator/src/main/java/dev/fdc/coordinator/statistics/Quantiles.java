package dev.fdc.coordinator.statistics;

import java.util.Arrays;
import java.util.List;

/**
 * Quantile and tail-mean estimators of a pooled scalar sample (MATH.md §5, §7 case 3).
 *
 * <p>The sample is the rewards of <em>all</em> workers pooled into one array (see
 * {@link #pooled(List)}), never an average of per-worker quantiles.
 *
 * <p><b>Quantile definition.</b> The β-quantile is the inverse of the empirical CDF (Hyndman–Fan
 * type 1): {@code q_β = r_(⌈βn⌉)}, the ⌈βn⌉-th smallest value (1-based), i.e. the smallest r with
 * F_n(r) ≥ β. It is always one of the observed values, so the gate {@code r ≤ q_β} of the CVaR term
 * selects at least ⌈βn⌉ samples and the gate {@code r ≥ q_β} of the SQ term at least n − ⌈βn⌉ + 1.
 * βn within 1e-9·n of an integer is rounded to it, so β = 0.7, n = 10 gives the 7th value, not the
 * 8th.
 *
 * <p><b>Tail means.</b> CVaR_β = E[r | r ≤ q_β] and SQ_β = E[r | r ≥ q_β] are estimated by the
 * plain mean of the samples in the tail (ties at q_β included), and the number of such samples is
 * reported with the estimate.
 */
public final class Quantiles {

    /** A tail-mean estimate: the quantile q_β it was cut at, the tail mean and its sample counts. */
    public record TailEstimate(double beta, double quantile, double mean, int tailCount, int sampleCount) {}

    private final double[] sorted;

    private Quantiles(double[] sorted) {
        this.sorted = sorted;
    }

    /** Estimators over a copy of {@code sample}; it must be non-empty and finite. */
    public static Quantiles of(double[] sample) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("quantiles of an empty sample");
        }
        double[] copy = sample.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!Double.isFinite(copy[i])) {
                throw new IllegalArgumentException("sample[" + i + "] is not finite: " + copy[i]);
            }
        }
        Arrays.sort(copy);
        return new Quantiles(copy);
    }

    /** Concatenates per-task samples in list order (task-id order) into one pooled sample. */
    public static double[] pooled(List<double[]> perTask) {
        int n = 0;
        for (double[] part : perTask) {
            n += part.length;
        }
        double[] all = new double[n];
        int at = 0;
        for (double[] part : perTask) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Number of pooled samples n. */
    public int size() {
        return sorted.length;
    }

    /** q_β = r_(⌈βn⌉), β ∈ (0, 1). */
    public double quantile(double beta) {
        return sorted[rank(beta, sorted.length) - 1];
    }

    /** CVaR_β = E[r | r ≤ q_β] (risk-averse, lower tail), with the tail-sample count. */
    public TailEstimate cvar(double beta) {
        double q = quantile(beta);
        int count = 0;
        double sum = 0;
        for (double r : sorted) {
            if (r > q) {
                break;
            }
            sum += r;
            count++;
        }
        return new TailEstimate(beta, q, sum / count, count, sorted.length);
    }

    /** SQ_β = E[r | r ≥ q_β] (novelty-seeking, upper tail), with the tail-sample count. */
    public TailEstimate superquantile(double beta) {
        double q = quantile(beta);
        int count = 0;
        double sum = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] >= q; i--) {
            sum += sorted[i];
            count++;
        }
        return new TailEstimate(beta, q, sum / count, count, sorted.length);
    }

    /** ⌈βn⌉ in [1, n], with βn within 1e-9·n of an integer taken as that integer. */
    static int rank(double beta, int n) {
        if (!(beta > 0 && beta < 1)) {
            throw new IllegalArgumentException("quantile level must be in (0, 1), got " + beta);
        }
        double bn = beta * n;
        double nearest = Math.rint(bn);
        int k = Math.abs(bn - nearest) <= 1e-9 * n ? (int) nearest : (int) Math.ceil(bn);
        return Math.max(1, Math.min(n, k));
    }
}
