package dev.fdc.cli.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.actor.Coordinator;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.actor.CoordinatorSettings;
import dev.fdc.coordinator.actor.RunCoreFactory;
import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.workers.actor.TaskExecutorFactory;
import dev.fdc.workers.actor.Worker;
import dev.fdc.workers.actor.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A whole run in one JVM ({@code fdc train}): one actor system without remoting (nothing listens on
 * the network), a coordinator and {@code workers} workers, checkpoints under {@code
 * runDir/checkpoints}. Blocks until the run ends; a run directory with checkpoints resumes.
 */
public final class LocalRuntime {

    private LocalRuntime() {}

    /**
     * Runs to the end and returns how it ended.
     *
     * @param cores the run core (fresh or resumed from the checkpoint the coordinator finds)
     * @param executors one executor per worker (worker {@code i} gets device {@code devices(i)})
     * @param workers number of workers, at least 1
     * @param runDir the run directory
     * @param overrides config on top of {@code reference.conf} (may be empty)
     * @param timeout how long to wait for the end
     * @throws TimeoutException if the run has not ended within {@code timeout} (the system is stopped)
     */
    public static CoordinatorEvent.RunFinished run(
            RunCoreFactory cores,
            TaskExecutorFactory executors,
            int workers,
            Path runDir,
            Config overrides,
            Duration timeout)
            throws TimeoutException, InterruptedException {
        Config config = overrides
                .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
                .withFallback(ConfigFactory.load());
        CompletableFuture<CoordinatorEvent.RunFinished> finished = new CompletableFuture<>();
        ActorSystem<Void> system = ActorSystem.create(
                guardian(cores, executors, workers, runDir, config, finished),
                config.getString("fdc.actors.system-name"),
                config);
        try {
            return finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    static Behavior<Void> guardian(
            RunCoreFactory cores,
            TaskExecutorFactory executors,
            int workers,
            Path runDir,
            Config config,
            CompletableFuture<CoordinatorEvent.RunFinished> finished) {
        return Behaviors.setup(ctx -> {
            WorkerSettings ws = WorkerSettings.fromConfig(config.getConfig("fdc.actors.worker"));
            List<DeviceInfo> devices = Devices.plan(config, workers);
            for (int i = 0; i < workers; i++) {
                ctx.spawn(Worker.create("local-" + i, devices.get(i), executors, ws), "worker-" + i);
            }
            var observer = ctx.spawn(
                    Behaviors.receive(CoordinatorEvent.class)
                            .onMessage(CoordinatorEvent.RunFinished.class, f -> {
                                finished.complete(f);
                                return Behaviors.stopped();
                            })
                            .onAnyMessage(e -> Behaviors.same())
                            .build(),
                    "observer");
            var coordinator = ctx.spawn(
                    Coordinator.create(
                            cores,
                            runDir.resolve("checkpoints"),
                            CoordinatorSettings.fromConfig(config.getConfig("fdc.actors.coordinator")),
                            observer),
                    "coordinator");
            // A coordinator that stops without reporting (it failed to start, e.g. on a checkpoint of
            // another run) ends the run with an error instead of leaving the caller waiting. A normal
            // end reports first and stops right after, so its report wins the grace period.
            ctx.watch(coordinator);
            return Behaviors.<Void>receive(Void.class)
                    .onSignal(org.apache.pekko.actor.typed.Terminated.class, t -> {
                        java.util.concurrent.CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS)
                                .execute(() -> finished.complete(new CoordinatorEvent.RunFinished(
                                        "the coordinator stopped without finishing the run; its error is logged above",
                                        null,
                                        dev.fdc.coordinator.actor.RunCounters.none())));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
