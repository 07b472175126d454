package dev.fdc.workers.exec;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.protocol.ParameterVersionFormat;
import dev.fdc.protocol.v1.ParameterVersion;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Frozen model replicas by {@link ParameterVersion}: the versions a worker's tasks name (current,
 * base, pre-trained), least recently used dropped beyond a capacity of at least 3 (one task names
 * at most three versions, and the three most recently used are always kept). A missing version is
 * fetched once from the {@link ParameterSource}; a version of a newer epoch drops every cached
 * version of older epochs (their coordinator incarnation is dead). Replicas never require
 * gradients: they serve as base, pre-trained and sampling models only.
 */
final class ReplicaCache implements AutoCloseable {

    private final ReplicaFactory factory;
    private final ParameterSource source;
    private final NDManager manager;
    private final int capacity;
    private final LinkedHashMap<ParameterVersion, VelocityField> replicas = new LinkedHashMap<>(16, 0.75f, true);
    private long newestEpoch = Long.MIN_VALUE;

    ReplicaCache(ReplicaFactory factory, ParameterSource source, NDManager parent, int capacity) {
        if (capacity < 3) {
            throw new IllegalArgumentException(
                    "replica cache capacity must be ≥ 3 (current, base, pre-trained), got " + capacity);
        }
        this.factory = factory;
        this.source = source;
        this.manager = parent.newSubManager();
        this.capacity = capacity;
    }

    /** The replica of {@code version}, fetched and built if not cached. */
    VelocityField get(ParameterVersion version, String task, String field) throws TaskFailure {
        if (version.getEpoch() > newestEpoch) {
            newestEpoch = version.getEpoch();
            dropOlderEpochs();
        }
        VelocityField cached = replicas.get(version);
        if (cached != null) {
            return cached;
        }
        String name = ParameterVersionFormat.format(version);
        float[] flat;
        VelocityField replica;
        try {
            flat = source.fetch(version);
            replica = factory.create(manager);
        } catch (TaskFailure f) {
            throw TaskFailures.named(task, field + " " + name, f);
        }
        try {
            if (flat == null || flat.length != replica.parameters().size()) {
                throw TaskFailures.badInput(
                        task,
                        field + " " + name + " has " + (flat == null ? "no" : flat.length)
                                + " parameter values, the model has "
                                + replica.parameters().size());
            }
            replica.parameters().fromFlat(flat);
            replica.parameters().setRequiresGradient(false);
        } catch (TaskFailure | RuntimeException e) {
            replica.close();
            throw e;
        }
        replicas.put(version, replica);
        evict();
        return replica;
    }

    /** Whether {@code version} is cached. */
    boolean contains(ParameterVersion version) {
        return replicas.containsKey(version);
    }

    /** Number of cached versions. */
    int size() {
        return replicas.size();
    }

    private void evict() {
        Iterator<Map.Entry<ParameterVersion, VelocityField>> it =
                replicas.entrySet().iterator();
        while (replicas.size() > capacity && it.hasNext()) {
            it.next().getValue().close();
            it.remove();
        }
    }

    private void dropOlderEpochs() {
        Iterator<Map.Entry<ParameterVersion, VelocityField>> it =
                replicas.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<ParameterVersion, VelocityField> e = it.next();
            if (e.getKey().getEpoch() < newestEpoch) {
                e.getValue().close();
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        replicas.values().forEach(VelocityField::close);
        replicas.clear();
        manager.close();
    }
}
