package dev.fdc.tests.actors;

import dev.fdc.coordinator.actor.Coordinator;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.message.WorkerCommand;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.workers.actor.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** Spawns workers and coordinators of a {@link TestingRunCore} run in one test kit, optionally behind a lossy network. */
final class RunHarness {

    final ActorTestKit kit;
    final Recorder recorder = new Recorder();
    final TestProbe<CoordinatorEvent> events;
    final List<ActorRef<WorkerCommand>> workers = new ArrayList<>();
    DroppingInterceptor.Network network;
    ToLongFunction<TaskId> delay = id -> 0;
    Predicate<TaskId> fail = id -> false;
    BiConsumer<String, TaskId> started = (w, id) -> {};
    private int coordinators;

    RunHarness(ActorTestKit kit) {
        this.kit = kit;
        this.events = kit.createTestProbe(CoordinatorEvent.class);
    }

    void spawnWorkers(int count) {
        for (int i = 0; i < count; i++) {
            String name = "w" + workers.size();
            var behavior = Worker.create(
                    name,
                    ActorTestSupport.cpu(),
                    TestingExecutor.factory(
                            name, id -> delay.applyAsLong(id), id -> fail.test(id), (w, id) -> started.accept(w, id)),
                    ActorTestSupport.workerSettings());
            workers.add(kit.spawn(network == null ? behavior : network.wrap(WorkerCommand.class, behavior), name));
        }
    }

    ActorRef<CoordinatorCommand> spawnCoordinator(TestingRunCore.Spec spec, Path runDir) {
        var behavior = Coordinator.create(
                TestingRunCore.factory(spec, recorder),
                runDir.resolve("checkpoints"),
                ActorTestSupport.coordinatorSettings(),
                events.ref());
        return kit.spawn(
                network == null ? behavior : network.wrap(CoordinatorCommand.class, behavior),
                "coordinator-" + coordinators++);
    }

    /** Waits for the end of the run, skipping other events. */
    CoordinatorEvent.RunFinished awaitFinished() {
        return (CoordinatorEvent.RunFinished) events.fishForMessage(
                        ActorTestSupport.runTimeout(),
                        e -> e instanceof CoordinatorEvent.RunFinished
                                ? FishingOutcomes.complete()
                                : FishingOutcomes.continueAndIgnore())
                .get(0);
    }
}
