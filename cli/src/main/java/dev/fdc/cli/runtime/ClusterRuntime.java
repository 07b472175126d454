package dev.fdc.cli.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.fdc.coordinator.actor.Coordinator;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import dev.fdc.coordinator.actor.CoordinatorSettings;
import dev.fdc.coordinator.actor.RunCoreFactory;
import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.workers.actor.TaskExecutorFactory;
import dev.fdc.workers.actor.Worker;
import dev.fdc.workers.actor.WorkerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * One node of a cluster run: Artery TCP (TLS with mutual authentication when {@code
 * fdc.actors.cluster.tls.enabled}), static seed nodes, the coordinator as a Cluster Singleton on the
 * nodes with role {@code coordinator} (it moves to the oldest such node when its node dies, resuming
 * from the newest checkpoint in the shared run directory), and one worker per listed device.
 */
public final class ClusterRuntime {

    private ClusterRuntime() {}

    /**
     * The Pekko config of a cluster node from {@code fdc.actors.cluster} (hostname, port, seed nodes,
     * roles, TLS), on top of {@code base}.
     */
    public static Config nodeConfig(Config base) {
        Config c = base.withFallback(ConfigFactory.load()).getConfig("fdc.actors.cluster");
        String system = base.withFallback(ConfigFactory.load()).getString("fdc.actors.system-name");
        Config node = ConfigFactory.parseMap(Map.of(
                "pekko.actor.provider",
                "cluster",
                "pekko.remote.artery.canonical.hostname",
                c.getString("hostname"),
                "pekko.remote.artery.canonical.port",
                c.getInt("port"),
                "pekko.cluster.roles",
                ConfigValueFactory.fromIterable(c.getStringList("roles")),
                "pekko.cluster.seed-nodes",
                ConfigValueFactory.fromIterable(c.getStringList("seed-nodes")),
                "pekko.cluster.downing-provider-class",
                "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"));
        if (c.getBoolean("tls.enabled")) {
            String ssl = "pekko.remote.artery.ssl.config-ssl-engine.";
            node = ConfigFactory.parseMap(Map.of(
                            "pekko.remote.artery.transport",
                            "tls-tcp",
                            ssl + "key-store",
                            c.getString("tls.key-store"),
                            ssl + "key-store-password",
                            c.getString("tls.key-store-password"),
                            ssl + "key-password",
                            c.getString("tls.key-password"),
                            ssl + "trust-store",
                            c.getString("tls.trust-store"),
                            ssl + "trust-store-password",
                            c.getString("tls.trust-store-password"),
                            ssl + "require-mutual-authentication",
                            "on"))
                    .withFallback(node);
        }
        // The node settings derived from fdc.actors.cluster win over base, which may be a fully
        // resolved run config that already holds Pekko's defaults (provider = local, no seeds).
        return node.withFallback(base)
                .withFallback(ConfigFactory.parseString("fdc.actors.system-name = " + system))
                .withFallback(ConfigFactory.load());
    }

    /**
     * Starts a node: workers for {@code devices}, and the coordinator singleton (if this node has
     * the coordinator role) reporting to {@code observer} (called on an actor thread of this node).
     */
    public static ActorSystem<Void> start(
            Config nodeConfig,
            RunCoreFactory cores,
            TaskExecutorFactory executors,
            List<DeviceInfo> devices,
            Path runDir,
            Consumer<CoordinatorEvent> observer) {
        return ActorSystem.create(
                guardian(nodeConfig, cores, executors, devices, runDir, observer),
                nodeConfig.getString("fdc.actors.system-name"),
                nodeConfig);
    }

    static Behavior<Void> guardian(
            Config config,
            RunCoreFactory cores,
            TaskExecutorFactory executors,
            List<DeviceInfo> devices,
            Path runDir,
            Consumer<CoordinatorEvent> listener) {
        return Behaviors.setup(ctx -> {
            ActorRef<CoordinatorEvent> observer = ctx.spawn(
                    Behaviors.receive(CoordinatorEvent.class)
                            .onAnyMessage(e -> {
                                listener.accept(e);
                                return Behaviors.same();
                            })
                            .build(),
                    "observer");
            WorkerSettings ws = WorkerSettings.fromConfig(config.getConfig("fdc.actors.worker"));
            String node = ctx.getSystem().address().hostPort().replaceAll("[^A-Za-z0-9._-]", "_");
            for (int i = 0; i < devices.size(); i++) {
                ctx.spawn(Worker.create(node + "-" + i, devices.get(i), executors, ws), "worker-" + i);
            }
            if (config.getStringList("pekko.cluster.roles").contains("coordinator")) {
                ClusterSingleton.get(ctx.getSystem())
                        .init(SingletonActor.of(
                                        Coordinator.create(
                                                cores,
                                                runDir.resolve("checkpoints"),
                                                CoordinatorSettings.fromConfig(
                                                        config.getConfig("fdc.actors.coordinator")),
                                                observer),
                                        "coordinator")
                                .withSettings(ClusterSingletonSettings.create(ctx.getSystem())
                                        .withRole("coordinator")));
            }
            return Behaviors.empty();
        });
    }

    /**
     * Runs this machine's node of a cluster run until the run ends: {@code workers} workers on the
     * devices of {@link Devices#plan}, and the coordinator singleton if this node has the
     * {@code coordinator} role (the node the singleton lives on reports the end; with the default
     * roles that is the first node).
     *
     * @throws TimeoutException if the run has not ended within {@code timeout} (the node is stopped)
     */
    public static CoordinatorEvent.RunFinished runCoordinatorNode(
            Config config,
            RunCoreFactory cores,
            TaskExecutorFactory executors,
            int workers,
            Path runDir,
            java.time.Duration timeout)
            throws java.util.concurrent.TimeoutException, InterruptedException {
        Config node = nodeConfig(config);
        java.util.concurrent.CompletableFuture<CoordinatorEvent.RunFinished> finished =
                new java.util.concurrent.CompletableFuture<>();
        ActorSystem<Void> system = start(node, cores, executors, Devices.plan(node, workers), runDir, e -> {
            if (e instanceof CoordinatorEvent.RunFinished f) {
                finished.complete(f);
            }
        });
        try {
            return finished.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    /**
     * Starts a worker-only node ({@code fdc worker}): {@code workers} workers that join the cluster
     * of {@code fdc.actors.cluster.seed-nodes} and serve whichever coordinator runs there, until the
     * returned system is terminated.
     */
    public static ActorSystem<Void> startWorkerNode(Config config, TaskExecutorFactory executors, int workers) {
        Config node = nodeConfig(
                ConfigFactory.parseString("fdc.actors.cluster.roles = [worker]").withFallback(config));
        RunCoreFactory none = (epoch, checkpoint) -> {
            throw new IllegalStateException("a worker node runs no coordinator");
        };
        return start(node, none, executors, Devices.plan(node, workers), Path.of("."), e -> {});
    }
}
