package dev.fdc.gpu.reward;

import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.DoubleVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The named scalar and vector parameters of an {@link AnalyticReward}, read with defaults. Each
 * landscape asks for the parameters it knows; {@link #requireNoOthers()} then refuses any name it
 * did not ask for, naming it and the accepted ones.
 */
final class LandscapeParameters {

    private final AnalyticReward proto;
    private final List<String> scalarNames = new ArrayList<>();
    private final List<String> vectorNames = new ArrayList<>();

    LandscapeParameters(AnalyticReward proto) {
        this.proto = proto;
    }

    /** The scalar {@code name}, or {@code fallback} when absent. */
    double scalar(String name, double fallback) {
        scalarNames.add(name);
        double v = proto.getScalarsOrDefault(name, fallback);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(
                    "analytic reward '" + proto.getName() + "': scalar '" + name + "' must be finite, got " + v);
        }
        return v;
    }

    /** A scalar that must be > 0. */
    double positive(String name, double fallback) {
        double v = scalar(name, fallback);
        if (!(v > 0)) {
            throw new IllegalArgumentException(
                    "analytic reward '" + proto.getName() + "': scalar '" + name + "' must be > 0, got " + v);
        }
        return v;
    }

    /** The vector {@code name} of length {@code length} (any length if ≤ 0), or a copy of {@code fallback}. */
    double[] vector(String name, double[] fallback, int length) {
        vectorNames.add(name);
        DoubleVector v = proto.getVectorsMap().get(name);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(
                        "analytic reward '" + proto.getName() + "' needs the vector '" + name + "'");
            }
            return fallback.clone();
        }
        double[] out = new double[v.getValuesCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.getValues(i);
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("analytic reward '" + proto.getName() + "': vector '" + name
                        + "' must be finite, entry " + i + " is " + out[i]);
            }
        }
        if ((length > 0 && out.length != length) || out.length == 0) {
            throw new IllegalArgumentException("analytic reward '" + proto.getName() + "': vector '" + name + "' needs "
                    + (length > 0 ? String.valueOf(length) : "at least one") + " entries, got " + out.length);
        }
        return out;
    }

    /** Refuses parameters that were never asked for. */
    void requireNoOthers() {
        reject("scalar", proto.getScalarsMap(), scalarNames);
        reject("vector", proto.getVectorsMap(), vectorNames);
    }

    private void reject(String kind, Map<String, ?> given, List<String> accepted) {
        for (String key : new TreeSet<>(given.keySet())) {
            if (!accepted.contains(key)) {
                throw new IllegalArgumentException("analytic reward '" + proto.getName() + "' has no " + kind
                        + " parameter '" + key + "'; accepted " + kind + "s: "
                        + (accepted.isEmpty() ? "none" : String.join(", ", accepted)));
            }
        }
    }
}
