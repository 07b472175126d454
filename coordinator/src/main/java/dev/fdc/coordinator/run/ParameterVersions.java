package dev.fdc.coordinator.run;

import dev.fdc.protocol.v1.ParameterVersion;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The parameter versions a run keeps (docs/ARCHITECTURE.md): the current θ_v, the
 * last few before it (async tasks may still compute against them), the frozen base θ_{k−1} and
 * θ_pre, each under {@code (run, epoch, version)}. Published arrays are immutable: nobody writes into
 * an array once it is published, so local executors may hold them by reference.
 */
public final class ParameterVersions {

    private final String runId;
    private final long epoch;
    private final int keepRecent;
    private final TreeMap<Long, float[]> recent = new TreeMap<>();
    private long baseVersion;
    private float[] base;
    private final float[] pre;

    /** The versions of one run and epoch, keeping {@code keepRecent ≥ 1} recent ones; θ_pre is version 0. */
    ParameterVersions(String runId, long epoch, int keepRecent, float[] pre) {
        this.runId = runId;
        this.epoch = epoch;
        this.keepRecent = Math.max(1, keepRecent);
        this.pre = pre;
    }

    /** Publishes θ_v (the array must not change afterwards) and forgets versions beyond the window. */
    void publish(long version, float[] parameters) {
        recent.put(version, parameters);
        while (recent.size() > keepRecent) {
            recent.pollFirstEntry();
        }
    }

    /** Freezes version {@code version} (with its array) as the base of a mirror step. */
    void setBase(long version, float[] parameters) {
        this.baseVersion = version;
        this.base = parameters;
    }

    /** The id of a version of this run and epoch. */
    ParameterVersion id(long version) {
        return ParameterVersion.newBuilder()
                .setRunId(runId)
                .setEpoch(epoch)
                .setVersion(version)
                .build();
    }

    /** The newest version. */
    long currentVersion() {
        return recent.lastKey();
    }

    /** The newest parameters (do not modify). */
    float[] current() {
        return recent.lastEntry().getValue();
    }

    long baseVersion() {
        return baseVersion;
    }

    float[] base() {
        return base;
    }

    float[] pre() {
        return pre;
    }

    /** Whether {@code version} is kept. */
    public boolean has(ParameterVersion version) {
        return find(version) != null;
    }

    /**
     * The parameters of {@code version} (immutable: do not modify).
     *
     * @throws NoSuchElementException naming the version if it is of another epoch or no longer kept
     */
    public float[] get(ParameterVersion version) {
        float[] p = find(version);
        if (p == null) {
            throw new NoSuchElementException("parameter version " + version.getRunId() + "/e" + version.getEpoch()
                    + "/v" + version.getVersion() + " is not kept (run " + runId + ", epoch " + epoch + ", recent "
                    + recent.keySet() + ", base " + baseVersion + ", pre 0)");
        }
        return p;
    }

    private float[] find(ParameterVersion version) {
        if (version.getEpoch() != epoch || !version.getRunId().equals(runId)) {
            return null;
        }
        long v = version.getVersion();
        float[] p = recent.get(v);
        if (p == null && base != null && v == baseVersion) {
            p = base;
        }
        if (p == null && v == 0) {
            p = pre;
        }
        return p;
    }
}
