package dev.fdc.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.cli.Fdc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A cluster run as users start one: {@code fdc worker} in its own JVM (a second machine, here a
 * child process on loopback) and {@code fdc train --cluster --workers 0} on this node, which then
 * holds only the coordinator: the run can finish only through the other JVM's worker (a run with
 * workers on both nodes could finish before the second JVM has even started).
 */
class ClusterTrainTest {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void trainOnTwoNodesWithFdcWorker(@TempDir Path dir) throws Exception {
        Path config = TrainEndToEndTest.writeConfig(dir, "mirror-steps = 2, am-steps = 30");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String seeds = "fdc.actors.cluster.seed-nodes=[\"pekko://fdc@127.0.0.1:" + port + "\"]";
        Path workerLog = dir.resolve("worker.log");
        Process worker = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.fdc.cli.Fdc",
                        "worker",
                        "--workers",
                        "1",
                        "--set",
                        "fdc.actors.cluster.port=0",
                        "--set",
                        seeds)
                .redirectErrorStream(true)
                .redirectOutput(workerLog.toFile())
                .start();
        try {
            StringWriter out = new StringWriter();
            CommandLine cl = Fdc.commandLine();
            cl.setOut(new PrintWriter(out, true));
            int exit = cl.execute(
                    "train",
                    config.toString(),
                    "--cluster",
                    "--workers",
                    "0",
                    "--run-dir",
                    dir.resolve("run").toString(),
                    "--set",
                    "fdc.actors.cluster.port=" + port,
                    "--set",
                    seeds);
            System.out.println("[cluster] " + out);
            assertEquals(0, exit, "fdc train --cluster exit code; worker log:\n" + Files.readString(workerLog));
            Matcher m = Pattern.compile("tasks\\[([^\\]]+)\\]=([0-9]+)").matcher(out.toString());
            List<String> nodes = new java.util.ArrayList<>();
            while (m.find()) {
                if (Double.parseDouble(m.group(2)) > 0) {
                    nodes.add(m.group(1));
                }
            }
            assertEquals(1, nodes.size(), "one node computed the tasks: " + nodes);
            assertTrue(!nodes.get(0).contains("_" + port + "-"), "the worker node, not the coordinator's: " + nodes);
            assertTrue(Files.isRegularFile(dir.resolve("run").resolve("final.safetensors")));
        } finally {
            worker.destroy();
            if (!worker.waitFor(20, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }
}
