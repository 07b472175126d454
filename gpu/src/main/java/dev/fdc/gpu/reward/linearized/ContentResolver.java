package dev.fdc.gpu.reward.linearized;

import java.util.Map;

/**
 * Large term contents (critic parameters, sample sets) by content id, as float32 values: the
 * worker's cache of payloads the coordinator stored and sent in chunks (ARCHITECTURE.md).
 */
@FunctionalInterface
public interface ContentResolver {

    /**
     * The payload stored under {@code contentId}.
     *
     * @throws IllegalArgumentException if there is none
     */
    float[] floats(String contentId);

    /** A resolver over a map (tests, one-JVM runs); unknown ids are refused naming the known ones. */
    static ContentResolver of(Map<String, float[]> contents) {
        Map<String, float[]> copy = Map.copyOf(contents);
        return id -> {
            float[] v = copy.get(id);
            if (v == null) {
                throw new IllegalArgumentException(
                        "no content '" + id + "'; known: " + new java.util.TreeSet<>(copy.keySet()));
            }
            return v;
        };
    }
}
