package dev.fdc.workers.actor;

import dev.fdc.protocol.ChunkAssembler;
import dev.fdc.protocol.ParameterVersionFormat;
import dev.fdc.protocol.message.ParameterStoreCommand;
import dev.fdc.protocol.message.ParameterStoreMessages.FetchContent;
import dev.fdc.protocol.message.ParameterStoreMessages.FetchParameters;
import dev.fdc.protocol.message.TaskInputs;
import dev.fdc.protocol.v1.ContentChunk;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.ContentRequest;
import dev.fdc.protocol.v1.ParameterChunk;
import dev.fdc.protocol.v1.ParameterRequest;
import dev.fdc.protocol.v1.ParameterVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the inputs of one task that the {@link InputCache} lacks from the parameter store, in
 * chunks, a window at a time, and puts each into the cache when complete.
 *
 * <p>Failure semantics: a request or its chunks may be lost; a stream with no new chunk for the
 * retry interval is asked again for its window from the first missing chunk (duplicates are
 * counted and ignored by the {@link ChunkAssembler}). A chunk that fails its checks is dropped
 * and fetched again by the same retry. Not thread-safe: the worker actor owns it.
 */
final class InputFetch {

    /** One stream being fetched: a parameter version or a content id. */
    private static final class Stream {
        final ParameterVersion version;
        final String contentId;
        final ChunkAssembler assembler;
        int requestedEnd;
        long lastProgressNanos;

        Stream(ParameterVersion version, String contentId, ChunkAssembler assembler, long now) {
            this.version = version;
            this.contentId = contentId;
            this.assembler = assembler;
            this.lastProgressNanos = now;
        }
    }

    private final String workerId;
    private final String replyTo;
    private final int window;
    private final InputCache cache;
    private final Map<Object, Stream> streams = new LinkedHashMap<>();

    InputFetch(TaskInputs inputs, InputCache cache, String workerId, String replyTo, int window, long now) {
        this.workerId = workerId;
        this.replyTo = replyTo;
        this.window = Math.max(1, window);
        this.cache = cache;
        for (ParameterVersion v : inputs.versions()) {
            if (!cache.has(v)) {
                streams.put(
                        v,
                        new Stream(v, null, ChunkAssembler.forParameters(v, now).optRequireFinite(true), now));
            }
        }
        for (ContentRef c : inputs.contents()) {
            if (!cache.has(c)) {
                streams.put(
                        c.getContentId(),
                        new Stream(null, c.getContentId(), ChunkAssembler.forContent(c.getContentId(), now), now));
            }
        }
    }

    boolean isComplete() {
        return streams.isEmpty();
    }

    /** The first requests: the first window of every missing input. */
    List<ParameterStoreCommand> start() {
        List<ParameterStoreCommand> out = new ArrayList<>();
        for (Stream s : streams.values()) {
            out.add(request(s, 0));
        }
        return out;
    }

    /** Takes a parameter chunk; returns the next window's request when this one is done. */
    List<ParameterStoreCommand> accept(ParameterChunk chunk, long now) {
        Stream s = streams.get(chunk.getVersion());
        if (s == null) {
            return List.of();
        }
        s.assembler.accept(chunk);
        return progress(s, now);
    }

    /** Takes a content chunk; returns the next window's request when this one is done. */
    List<ParameterStoreCommand> accept(ContentChunk chunk, long now) {
        Stream s = streams.get(chunk.getContentId());
        if (s == null) {
            return List.of();
        }
        s.assembler.accept(chunk);
        return progress(s, now);
    }

    /** Whether this fetch wants {@code version} (an "unavailable" about it ends the task). */
    boolean wants(Object versionOrContentId) {
        return streams.containsKey(versionOrContentId);
    }

    /** Re-requests the window of every stream without progress for {@code retryNanos}. */
    List<ParameterStoreCommand> retryStalled(long now, long retryNanos) {
        List<ParameterStoreCommand> out = new ArrayList<>();
        for (Stream s : streams.values()) {
            if (now - s.lastProgressNanos >= retryNanos) {
                int[] missing = s.assembler.missingIndices();
                out.add(request(s, missing.length == 0 ? 0 : missing[0]));
                s.lastProgressNanos = now;
            }
        }
        return out;
    }

    private List<ParameterStoreCommand> progress(Stream s, long now) {
        s.lastProgressNanos = now;
        if (s.assembler.isComplete()) {
            if (s.version != null) {
                cache.put(s.version, s.assembler.values());
                streams.remove(s.version);
            } else {
                cache.put(s.contentId, s.assembler.values());
                streams.remove(s.contentId);
            }
            return List.of();
        }
        int[] missing = s.assembler.missingIndices();
        if (missing.length > 0 && missing[0] >= s.requestedEnd) {
            return List.of(request(s, missing[0]));
        }
        return List.of();
    }

    private ParameterStoreCommand request(Stream s, int first) {
        int count = s.assembler.chunkCount();
        int end = count == 0 ? first + window : Math.min(count, first + window);
        s.requestedEnd = end;
        if (s.version != null) {
            return new FetchParameters(
                    ParameterRequest.newBuilder()
                            .setVersion(s.version)
                            .setFirstChunk(first)
                            .setEndChunk(end)
                            .setWorkerId(workerId)
                            .build(),
                    replyTo);
        }
        return new FetchContent(
                ContentRequest.newBuilder()
                        .setContentId(s.contentId)
                        .setFirstChunk(first)
                        .setEndChunk(end)
                        .setWorkerId(workerId)
                        .build(),
                replyTo);
    }

    /** Names what is still missing, for logs. */
    String describe() {
        List<String> names = new ArrayList<>();
        for (Stream s : streams.values()) {
            names.add(s.version != null ? ParameterVersionFormat.format(s.version) : s.contentId);
        }
        return String.join(", ", names);
    }
}
