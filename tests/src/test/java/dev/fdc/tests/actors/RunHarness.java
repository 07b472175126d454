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
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Spawns the shipped workers and coordinators of a {@link TestRun} in one test kit, with the
 * {@link TestingExecutor} behind a {@link TaskGate}, optionally behind a {@link LossyNetwork}.
 */
final class RunHarness {

    final ActorTestKit kit;
    final TestRun run;
    final TaskGate gate = new TaskGate();
    final TestProbe<CoordinatorEvent> events;
    final List<ActorRef<WorkerCommand>> workers = new ArrayList<>();
    LossyNetwork network;
    Predicate<TaskId> fail = id -> false;
    private int coordinators;

    RunHarness(ActorTestKit kit, TestRun run) {
        this.kit = kit;
        this.run = run;
        this.events = kit.createTestProbe(CoordinatorEvent.class);
    }

    void spawnWorkers(int count) {
        for (int i = 0; i < count; i++) {
            String name = "w" + workers.size();
            var behavior = Worker.create(
                    name,
                    ActorTestSupport.cpu(),
                    TestingExecutor.factory(name, gate, id -> fail.test(id)),
                    ActorTestSupport.workerSettings());
            workers.add(
                    kit.spawn(network == null ? behavior : network.wrap(name, WorkerCommand.class, behavior), name));
        }
    }

    ActorRef<CoordinatorCommand> spawnCoordinator(Path runDir) {
        var behavior = Coordinator.create(
                run.cores(), runDir.resolve("checkpoints"), ActorTestSupport.coordinatorSettings(), events.ref());
        String name = "coordinator-" + coordinators++;
        return kit.spawn(network == null ? behavior : network.wrap(name, CoordinatorCommand.class, behavior), name);
    }

    /** Waits for an event of {@code type}, skipping others. */
    <E extends CoordinatorEvent> E await(Class<E> type) {
        return type.cast(events.fishForMessage(
                        ActorTestSupport.runTimeout(),
                        e -> type.isInstance(e) ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore())
                .get(0));
    }

    /** Waits for the end of the run, skipping other events. */
    CoordinatorEvent.RunFinished awaitFinished() {
        return await(CoordinatorEvent.RunFinished.class);
    }
}
