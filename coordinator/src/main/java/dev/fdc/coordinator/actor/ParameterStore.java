package dev.fdc.coordinator.actor;

import dev.fdc.protocol.ChunkSplitter;
import dev.fdc.protocol.ParameterVersionFormat;
import dev.fdc.protocol.message.ParameterStoreCommand;
import dev.fdc.protocol.message.ParameterStoreMessages.FetchContent;
import dev.fdc.protocol.message.ParameterStoreMessages.FetchParameters;
import dev.fdc.protocol.message.WorkerCommand;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverContentUnavailable;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterChunk;
import dev.fdc.protocol.message.WorkerMessages.DeliverParameterUnavailable;
import dev.fdc.protocol.v1.ContentChunk;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.ParameterChunk;
import dev.fdc.protocol.v1.ParameterUnavailable;
import dev.fdc.protocol.v1.ParameterVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The coordinator's child that serves parameter versions and stored contents to workers in chunks
 * of at most 128 KiB, a requested window at a time. The coordinator publishes (by reference, the
 * arrays are immutable) what a task names before it assigns the task; the store keeps the {@code
 * capacity} most recently published or served of each kind.
 *
 * <p>Failure semantics: requests are answered from memory and repeat safely; a lost chunk is asked
 * again by the worker. A version or content not held is answered by an "unavailable" message, which
 * makes the worker report the task as failed (and the core re-issue it, publishing again).
 */
public final class ParameterStore extends AbstractBehavior<ParameterStoreCommand> {

    interface Internal extends ParameterStoreCommand, NoSerializationVerificationNeeded {}

    /** Holds (or touches) a parameter version; from the parent only. */
    record PublishVersion(ParameterVersion version, float[] values) implements Internal {}

    /** Holds (or touches) stored content; from the parent only. */
    record PublishContent(String contentId, float[] values) implements Internal {}

    private final int capacity;
    private final ActorRefResolver resolver;
    private final Map<ParameterVersion, ChunkSplitter> versions = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, ChunkSplitter> contents = new LinkedHashMap<>(16, 0.75f, true);

    /** A store keeping {@code capacity} versions and {@code capacity} contents. */
    public static Behavior<ParameterStoreCommand> create(int capacity) {
        return Behaviors.setup(ctx -> new ParameterStore(ctx, capacity));
    }

    private ParameterStore(ActorContext<ParameterStoreCommand> ctx, int capacity) {
        super(ctx);
        this.capacity = Math.max(2, capacity);
        this.resolver = ActorRefResolver.get(ctx.getSystem());
    }

    @Override
    public Receive<ParameterStoreCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(PublishVersion.class, this::onPublishVersion)
                .onMessage(PublishContent.class, this::onPublishContent)
                .onMessage(FetchParameters.class, this::onFetchParameters)
                .onMessage(FetchContent.class, this::onFetchContent)
                .build();
    }

    private Behavior<ParameterStoreCommand> onPublishVersion(PublishVersion p) {
        if (versions.get(p.version()) == null) {
            versions.put(p.version(), ChunkSplitter.of(p.values(), DType.DTYPE_FP32));
            trim(versions);
        }
        return this;
    }

    private Behavior<ParameterStoreCommand> onPublishContent(PublishContent p) {
        if (contents.get(p.contentId()) == null) {
            contents.put(p.contentId(), ChunkSplitter.of(p.values(), DType.DTYPE_FP32));
            trim(contents);
        }
        return this;
    }

    private Behavior<ParameterStoreCommand> onFetchParameters(FetchParameters f) {
        ActorRef<WorkerCommand> replyTo = resolver.resolveActorRef(f.replyTo());
        ParameterVersion version = f.request().getVersion();
        ChunkSplitter splitter = versions.get(version);
        if (splitter == null) {
            replyTo.tell(new DeliverParameterUnavailable(ParameterUnavailable.newBuilder()
                    .setVersion(version)
                    .setReason("the store holds "
                            + versions.keySet().stream()
                                    .map(ParameterVersionFormat::format)
                                    .toList())
                    .build()));
            return this;
        }
        int end = end(f.request().getEndChunk(), splitter.count());
        for (int i = Math.max(0, f.request().getFirstChunk()); i < end; i++) {
            replyTo.tell(new DeliverParameterChunk(ParameterChunk.newBuilder()
                    .setVersion(version)
                    .setChunk(splitter.chunk(i))
                    .build()));
        }
        return this;
    }

    private Behavior<ParameterStoreCommand> onFetchContent(FetchContent f) {
        ActorRef<WorkerCommand> replyTo = resolver.resolveActorRef(f.replyTo());
        String id = f.request().getContentId();
        ChunkSplitter splitter = contents.get(id);
        if (splitter == null) {
            replyTo.tell(new DeliverContentUnavailable(id, "the store does not hold it"));
            return this;
        }
        int end = end(f.request().getEndChunk(), splitter.count());
        for (int i = Math.max(0, f.request().getFirstChunk()); i < end; i++) {
            replyTo.tell(new DeliverContentChunk(ContentChunk.newBuilder()
                    .setContentId(id)
                    .setChunk(splitter.chunk(i))
                    .build()));
        }
        return this;
    }

    private static int end(int requested, int count) {
        return requested <= 0 ? count : Math.min(requested, count);
    }

    private <K> void trim(Map<K, ChunkSplitter> map) {
        var it = map.keySet().iterator();
        while (map.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
