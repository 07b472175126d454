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
        TestRun spec = TestRun.sync(RunEndToEndTest.RUN.dim());
        var cores = spec.cores();
        // node 1's worker holds its first task until node 2's worker has one: both nodes compute
        TaskGate gate1 = new TaskGate();
        TaskGate gate2 = new TaskGate();
        gate1.hold((w, id) -> true);
        ActorSystem<Void> first = ClusterRuntime.start(
                node("[coordinator, worker]"),
                cores,
                TestingExecutor.factory("node1", gate1, id -> false),
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
                    TestingExecutor.factory("node2", gate2, id -> false),
                    List.of(ActorTestSupport.cpu()),
                    dir.resolve("run"),
                    e -> {});
            Cluster.get(second).manager().tell(Join.create(first.address()));
            gate1.nextHeld();
            gate2.hold((w, id) -> false);
            TaskGate.Arrival onSecond;
            do {
                onSecond = gate2.drain().stream().findFirst().orElse(null);
                Thread.sleep(20);
            } while (onSecond == null && !finished.isDone());
            gate1.release();
            CoordinatorEvent.RunFinished f = finished.get(60, TimeUnit.SECONDS);
            assertTrue(f.succeeded(), f.error());
            System.out.println("two-node counters: " + f.counters());
            assertTrue(onSecond != null, "node 2 computed a task while node 1 held one");
            assertEquals(spec.tasks(), f.counters().get(dev.fdc.coordinator.ledger.LedgerCounter.APPLIED));
            assertEquals(2, f.counters().tasksPerWorker().size(), "both nodes' workers computed: " + f.counters());
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
