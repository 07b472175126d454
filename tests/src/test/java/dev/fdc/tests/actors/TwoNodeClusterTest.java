package dev.fdc.tests.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.cli.runtime.ClusterRuntime;
import dev.fdc.coordinator.actor.CoordinatorEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in one JVM over Artery (loopback, ports 0, programmatic join): node 1 hosts the
 * coordinator singleton and a worker, node 2 a worker; every message between the nodes goes
 * through fdc's serializer. A small sync run ends exactly like the single-JVM reference.
 */
class TwoNodeClusterTest {

    private static Config node(String roles) {
        return ClusterRuntime.nodeConfig(ConfigFactory.parseString("""
                fdc.actors.cluster { hostname = "127.0.0.1", port = 0, roles = %s }
                pekko.loglevel = WARNING
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.coordinated-shutdown.terminate-actor-system = on
                pekko.cluster.run-coordinated-shutdown-when-down = off
                fdc.actors.worker { tick = 50ms, retry-after = 300ms }
                fdc.actors.coordinator { tick = 50ms, join-retry = 300ms }
                """.formatted(roles)));
    }

    @Test
    void smallRunAcrossTwoNodes(@TempDir Path dir) throws Exception {
        var expected = RunEndToEndTest.reference(dir.resolve("ref"));
        CompletableFuture<CoordinatorEvent.RunFinished> finished = new CompletableFuture<>();
        var cores = TestingRunCore.factory(RunEndToEndTest.SPEC, new Recorder());
        java.util.Set<String> computedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ActorSystem<Void> first = ClusterRuntime.start(
                node("[coordinator, worker]"),
                cores,
                TestingExecutor.factory("node1", id -> 250, id -> false, (w, id) -> computedOn.add(w)),
                List.of(ActorTestSupport.cpu()),
                dir.resolve("run"),
                e -> {
                    if (e instanceof CoordinatorEvent.RunFinished f) {
                        finished.complete(f);
                    }
                });
        ActorSystem<Void> second = null;
        try {
            Cluster.get(first).manager().tell(Join.create(first.address()));
            second = ClusterRuntime.start(
                    node("[worker]"),
                    cores,
                    TestingExecutor.factory("node2", id -> 250, id -> false, (w, id) -> computedOn.add(w)),
                    List.of(ActorTestSupport.cpu()),
                    dir.resolve("run"),
                    e -> {});
            Cluster.get(second).manager().tell(Join.create(first.address()));
            CoordinatorEvent.RunFinished f = finished.get(60, TimeUnit.SECONDS);
            assertTrue(f.succeeded(), f.error());
            System.out.println("two-node counters: " + f.counters());
            assertEquals(java.util.Set.of("node1", "node2"), computedOn, "both nodes computed tasks");
            assertEquals(
                    RunEndToEndTest.tasksOf(RunEndToEndTest.SPEC), f.counters().get("applied"));
            RunEndToEndTest.assertSameState(expected, f.state());
        } finally {
            if (second != null) {
                second.terminate();
                second.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            first.terminate();
            first.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }
}
