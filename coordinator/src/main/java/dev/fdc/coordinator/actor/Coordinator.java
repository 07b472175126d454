package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointStore;
import dev.fdc.coordinator.checkpoint.RestoreResult;
import dev.fdc.coordinator.run.RunCore;
import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.message.ParameterStoreCommand;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

/**
 * The coordinator of one run, first phase: <b>Initializing</b>. It opens the checkpoint directory,
 * restores the newest complete checkpoint (passing over, and naming, newer ones that are incomplete
 * or corrupt), takes and durably persists a new epoch, starts the run core and becomes {@link
 * Training}. Worker messages that arrive meanwhile are stashed.
 *
 * <h2>Failure semantics</h2>
 *
 * <ul>
 *   <li>The new epoch is on disk before a single task is issued, so everything a previous
 *       incarnation issued is recognizably stale (workers drop its tasks, the ledger its gradients)
 *       and a previous incarnation still writing is fenced off ({@code StaleEpochException}).
 *   <li>A checkpoint directory that cannot be read ends the run with an error naming it
 *       ({@link CoordinatorEvent.RunFinished}); nothing is issued.
 * </ul>
 */
public final class Coordinator {

    interface Internal extends CoordinatorCommand, NoSerializationVerificationNeeded {}

    private record Loaded(CheckpointStore store, long epoch, RestoreResult restored) implements Internal {}

    private record LoadFailed(Throwable error) implements Internal {}

    private Coordinator() {}

    /**
     * A coordinator for the run {@code cores} starts, checkpointing into {@code checkpointDir},
     * reporting to {@code observer}.
     */
    public static Behavior<CoordinatorCommand> create(
            RunCoreFactory cores,
            Path checkpointDir,
            CoordinatorSettings settings,
            ActorRef<CoordinatorEvent> observer) {
        return Behaviors.setup(ctx -> Behaviors.withStash(100_000, stash -> {
            Executor blocking =
                    ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(settings.blockingDispatcher()));
            ctx.pipeToSelf(
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    CheckpointStore store =
                                            new CheckpointStore(checkpointDir, settings.checkpointsRetained());
                                    RestoreResult restored = store.restoreLatest();
                                    long epoch = store.takeNewEpoch();
                                    return new Loaded(store, epoch, restored);
                                } catch (Exception e) {
                                    throw new CompletionException(e);
                                }
                            },
                            blocking),
                    (loaded, error) -> error == null ? loaded : new LoadFailed(error));
            return initializing(cores, settings, observer, blocking, stash, checkpointDir);
        }));
    }

    private static Behavior<CoordinatorCommand> initializing(
            RunCoreFactory cores,
            CoordinatorSettings settings,
            ActorRef<CoordinatorEvent> observer,
            Executor blocking,
            StashBuffer<CoordinatorCommand> stash,
            Path checkpointDir) {
        return Behaviors.receive(CoordinatorCommand.class)
                .onMessage(
                        Loaded.class,
                        loaded -> Behaviors.setup(ctx -> {
                            loaded.restored()
                                    .skipped()
                                    .forEach(s -> ctx.getLog()
                                            .warn(
                                                    "checkpoint {} is incomplete or corrupt ({}); fell back to the previous complete one",
                                                    s.file(),
                                                    s.reason()));
                            loaded.restored()
                                    .file()
                                    .ifPresentOrElse(
                                            f -> ctx.getLog()
                                                    .info("resuming from {} under epoch {}", f, loaded.epoch()),
                                            () -> ctx.getLog()
                                                    .info("starting a fresh run under epoch {}", loaded.epoch()));
                            RunCore core;
                            try {
                                core = cores.start(
                                        loaded.epoch(), loaded.restored().state());
                            } catch (RuntimeException e) {
                                String error = "cannot start the run from " + checkpointDir + ": " + e.getMessage();
                                ctx.getLog().error(error, e);
                                observer.tell(new CoordinatorEvent.RunFinished(error, null, RunCounters.none()));
                                return Behaviors.stopped();
                            }
                            observer.tell(new CoordinatorEvent.Started(
                                    loaded.epoch(),
                                    loaded.restored().state().isPresent(),
                                    loaded.restored().skipped()));
                            ActorRef<ParameterStoreCommand> store =
                                    ctx.spawn(ParameterStore.create(settings.storeCapacity()), "parameter-store");
                            return stash.unstashAll(
                                    Training.create(core, loaded.store(), store, settings, observer, blocking));
                        }))
                .onMessage(
                        LoadFailed.class,
                        failed -> Behaviors.setup(ctx -> {
                            Throwable cause = failed.error() instanceof CompletionException c && c.getCause() != null
                                    ? c.getCause()
                                    : failed.error();
                            String error =
                                    "cannot open the checkpoints in " + checkpointDir + ": " + cause.getMessage();
                            ctx.getLog().error(error, cause);
                            observer.tell(new CoordinatorEvent.RunFinished(error, null, RunCounters.none()));
                            return Behaviors.stopped();
                        }))
                .onAnyMessage(m -> {
                    stash.stash(m);
                    return Behaviors.same();
                })
                .build();
    }
}
