package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.protocol.v1.GradientDone;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The gradients of one update, reduced in task-id order whatever order they arrived in: the
 * sample-count-weighted mean ḡ = Σ_i m_i g_i / Σ_i m_i, accumulated in double in task-id order
 * and rounded to float once (so a sync run is bit-for-bit reproducible), and the weighted means
 * of the tasks' loss, reward and control cost.
 */
final class GradientReduction {

    /** Weighted means of the reduced tasks' summaries. */
    record Summary(double loss, double rewardMean, double controlCost, long samples, long samplesClipped) {}

    private record Entry(GradientDone done, float[] gradient) {}

    private final int size;
    private final TreeMap<TaskKey, Entry> entries = new TreeMap<>();

    GradientReduction(int size) {
        this.size = size;
    }

    /** Whether a gradient has the parameter count and only finite values. */
    static boolean valid(float[] g, int size) {
        if (g == null || g.length != size) {
            return false;
        }
        for (float x : g) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** The per-sample losses of a task, or its p90 alone when they were not sent. */
    static float[] losses(GradientDone d) {
        if (d.getSampleLossesCount() > 0) {
            float[] l = new float[d.getSampleLossesCount()];
            for (int i = 0; i < l.length; i++) {
                l[i] = d.getSampleLosses(i);
            }
            return l;
        }
        return d.hasLoss() ? new float[] {(float) d.getLoss().getP90()} : new float[0];
    }

    void add(TaskKey id, GradientDone done, float[] gradient) {
        entries.put(id, new Entry(done, gradient));
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }

    /** Visits the tasks in task-id order. */
    void forEachInOrder(BiConsumer<TaskKey, GradientDone> visit) {
        for (Map.Entry<TaskKey, Entry> e : entries.entrySet()) {
            visit.accept(e.getKey(), e.getValue().done());
        }
    }

    /** ḡ, weighted by sample count (equal weights if no task reports a count). */
    float[] average() {
        double[] acc = new double[size];
        double total = 0;
        for (Entry e : entries.values()) {
            double w = weight(e.done());
            total += w;
            float[] g = e.gradient();
            for (int j = 0; j < size; j++) {
                acc[j] += w * g[j];
            }
        }
        float[] out = new float[size];
        for (int j = 0; j < size; j++) {
            out[j] = (float) (acc[j] / total);
        }
        return out;
    }

    Summary summary() {
        double total = 0;
        double loss = 0;
        double reward = 0;
        double cost = 0;
        long clipped = 0;
        long samples = 0;
        for (Entry e : entries.values()) {
            double w = weight(e.done());
            total += w;
            loss += w * e.done().getLoss().getMean();
            reward += w * e.done().getRewardMean();
            cost += w * e.done().getControlCost();
            clipped += e.done().getLoss().getClippedCount();
            samples += e.done().getSampleCount();
        }
        return new Summary(loss / total, reward / total, cost / total, samples, clipped);
    }

    private static double weight(GradientDone d) {
        return d.getSampleCount() > 0 ? d.getSampleCount() : 1;
    }
}
