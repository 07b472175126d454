package dev.fdc.workers.actor;

import dev.fdc.protocol.ParameterVersionFormat;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.workers.exec.ContentSource;
import dev.fdc.workers.exec.ParameterSource;
import dev.fdc.workers.exec.TaskFailure;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parameter versions and contents a worker holds for the run it serves, by {@code (run, epoch,
 * version)} and content id.
 * The worker actor fills it (after a chunked fetch) and evicts from it on its own thread; the
 * executor reads it on the blocking dispatcher, hence the synchronization. Arrays are immutable
 * once put. Eviction keeps the {@code capacity} most recently used entries, never one a running
 * task needs ({@link #pin}), and drops everything of an older coordinator epoch on a new epoch.
 */
final class InputCache implements ParameterSource, ContentSource {

    private final int capacity;
    private final Map<ParameterVersion, float[]> versions = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, float[]> contents = new LinkedHashMap<>(16, 0.75f, true);
    private Set<ParameterVersion> pinnedVersions = Set.of();
    private Set<String> pinnedContents = Set.of();
    private String runId = "";

    InputCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    synchronized boolean has(ParameterVersion version) {
        return versions.containsKey(version);
    }

    synchronized boolean has(ContentRef ref) {
        return contents.containsKey(ref.getContentId());
    }

    synchronized void put(ParameterVersion version, float[] values) {
        versions.put(version, values);
        evict(versions, pinnedVersions);
    }

    synchronized void put(String contentId, float[] values) {
        contents.put(contentId, values);
        evict(contents, pinnedContents);
    }

    /** Keeps these inputs (a running task's) from eviction until the next pin. */
    synchronized void pin(Set<ParameterVersion> versions, Set<String> contentIds) {
        this.pinnedVersions = Set.copyOf(versions);
        this.pinnedContents = Set.copyOf(contentIds);
    }

    /**
     * Serves run {@code runId} from now on: when it differs from the run served so far, every
     * version and content is forgotten (a fresh run starts again at epoch 0 and names its contents
     * like the last one did, so nothing cached for another run may ever be served to this one).
     */
    synchronized void serveRun(String runId) {
        if (!runId.equals(this.runId)) {
            versions.clear();
            contents.clear();
            this.runId = runId;
        }
    }

    /** Forgets every version of an epoch before {@code epoch}: a dead incarnation's parameters are never served. */
    synchronized void dropEpochsBefore(long epoch) {
        versions.keySet().removeIf(v -> v.getEpoch() < epoch);
    }

    synchronized int versionCount() {
        return versions.size();
    }

    @Override
    public synchronized float[] fetch(ParameterVersion version) throws TaskFailure {
        float[] values = versions.get(version);
        if (values == null) {
            throw new TaskFailure(
                    FailureKind.FAILURE_KIND_BAD_INPUT,
                    "parameter version " + ParameterVersionFormat.format(version)
                            + " was not fetched before the task started",
                    true,
                    null);
        }
        return values;
    }

    @Override
    public synchronized float[] floats(ContentRef ref) throws TaskFailure {
        float[] values = contents.get(ref.getContentId());
        if (values == null) {
            throw new TaskFailure(
                    FailureKind.FAILURE_KIND_BAD_INPUT,
                    "content \"" + ref.getContentId() + "\" was not fetched before the task started",
                    true,
                    null);
        }
        return values;
    }

    /** Raw bytes travel as floats in the first version (4 bytes each, little-endian, zero-padded). */
    @Override
    public synchronized byte[] bytes(ContentRef ref) throws TaskFailure {
        float[] values = floats(ref);
        byte[] out = new byte[(int) ref.getByteSize()];
        for (int i = 0; i < out.length; i++) {
            int bits = Float.floatToRawIntBits(values[i / 4]);
            out[i] = (byte) (bits >>> (8 * (i % 4)));
        }
        return out;
    }

    private <K> void evict(Map<K, float[]> map, Set<K> pinned) {
        Iterator<K> it = map.keySet().iterator();
        while (map.size() > capacity && it.hasNext()) {
            if (!pinned.contains(it.next())) {
                it.remove();
            }
        }
    }
}
