package dev.fdc.cli.commands;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.cli.config.SetOverride;
import dev.fdc.cli.runtime.ClusterRuntime;
import dev.fdc.cli.train.TrainingBackends;
import dev.fdc.gpu.DjlRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fdc worker}: this machine's workers for a cluster run started elsewhere with
 * {@code fdc train --cluster}. Joins the seed nodes of {@code fdc.actors.cluster}, serves tasks of
 * whichever coordinator runs in the cluster (parameters and model come from it), and runs until
 * stopped (Ctrl-C or SIGTERM leave the cluster gracefully; the coordinator re-issues the node's
 * unfinished tasks to others).
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = {
            "Join a cluster run as a worker-only node (see fdc train --cluster).",
            "Cluster settings (hostname, port, seed-nodes, TLS) are under fdc.actors.cluster."
        })
public final class WorkerNodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONFIG",
            description = "A HOCON file with fdc.actors.cluster settings.")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description = "Override one config value in HOCON syntax (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--workers",
            defaultValue = "1",
            description = "Workers on this node (default: ${DEFAULT-VALUE}; one per GPU with fdc.actors.local.device).")
    int workers;

    @Override
    public Integer call() throws Exception {
        Flags.atLeast("--workers", workers, 1);
        Config c = config == null ? ConfigFactory.empty() : ConfigFactory.parseFile(config.toFile());
        for (String s : sets) {
            c = SetOverride.parse(s).config().withFallback(c);
        }
        c = c.withFallback(ConfigFactory.load()).resolve();
        if (c.getStringList("fdc.actors.cluster.seed-nodes").isEmpty()) {
            throw new dev.fdc.cli.BadInputException(
                    "fdc.actors.cluster.seed-nodes",
                    "expected the address of a node of the run, e.g. [\"pekko://fdc@10.0.0.1:25520\"]");
        }
        DjlRuntime.engine();
        ActorSystem<Void> system = ClusterRuntime.startWorkerNode(c, TrainingBackends.engineExecutors(), workers);
        spec.commandLine()
                .getOut()
                .printf(
                        "worker node %s with %d worker%s, joining %s; Ctrl-C to leave%n",
                        system.address(),
                        workers,
                        workers == 1 ? "" : "s",
                        c.getStringList("fdc.actors.cluster.seed-nodes"));
        spec.commandLine().getOut().flush();
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }
}
