package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointKey;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The coordinator's child that writes checkpoints: on the blocking dispatcher, one at a time, from
 * the immutable snapshots the core captured. A checkpoint that falls due while one is being written
 * waits; a newer one replaces a waiting one (only the newest matters). Every {@link Write} is
 * answered once: {@link Written}, {@link Superseded} or {@link WriteFailed}.
 *
 * <p>Failure semantics: a failed write (disk full, I/O error) is reported and the run goes on;
 * the previous complete checkpoint stays the newest on disk ({@code CheckpointStore} writes data,
 * then manifest, each atomically). A write refused because a newer epoch is on disk ({@code
 * StaleEpochException}) is reported as such: a newer coordinator owns the run.
 */
final class CheckpointWriter extends AbstractBehavior<CheckpointWriter.Command> {

    interface Command extends NoSerializationVerificationNeeded {}

    /** Write this state. */
    record Write(CheckpointState state) implements Command {}

    private record Done(CheckpointKey key, Throwable error) implements Command {}

    /** What the writer answers a {@link Write} with. */
    sealed interface Outcome extends NoSerializationVerificationNeeded {}

    /** The checkpoint is durable. */
    record Written(CheckpointKey key) implements Outcome {}

    /** A newer checkpoint replaced this one before it was written. */
    record Superseded(CheckpointKey key) implements Outcome {}

    /** The write failed with {@code cause}. */
    record WriteFailed(CheckpointKey key, Throwable cause) implements Outcome {}

    private final CheckpointStore store;
    private final Executor blocking;
    private final ActorRef<Outcome> replyTo;
    private boolean writing;
    private CheckpointState waiting;

    static Behavior<Command> create(CheckpointStore store, Executor blocking, ActorRef<Outcome> replyTo) {
        return Behaviors.setup(ctx -> new CheckpointWriter(ctx, store, blocking, replyTo));
    }

    private CheckpointWriter(
            ActorContext<Command> ctx, CheckpointStore store, Executor blocking, ActorRef<Outcome> replyTo) {
        super(ctx);
        this.store = store;
        this.blocking = blocking;
        this.replyTo = replyTo;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Write.class, this::onWrite)
                .onMessage(Done.class, this::onDone)
                .build();
    }

    private Behavior<Command> onWrite(Write w) {
        if (!writing) {
            start(w.state());
        } else {
            if (waiting != null) {
                replyTo.tell(new Superseded(waiting.key()));
            }
            waiting = w.state();
        }
        return this;
    }

    private Behavior<Command> onDone(Done d) {
        if (d.error() == null) {
            replyTo.tell(new Written(d.key()));
        } else {
            Throwable cause = d.error() instanceof CompletionException c ? c.getCause() : d.error();
            replyTo.tell(new WriteFailed(d.key(), cause));
        }
        writing = false;
        if (waiting != null) {
            CheckpointState next = waiting;
            waiting = null;
            start(next);
        }
        return this;
    }

    private void start(CheckpointState state) {
        writing = true;
        CheckpointKey key = state.key();
        getContext()
                .pipeToSelf(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return store.write(state);
                                    } catch (Exception e) {
                                        throw new CompletionException(e);
                                    }
                                },
                                blocking),
                        (written, error) -> new Done(key, error));
    }
}
