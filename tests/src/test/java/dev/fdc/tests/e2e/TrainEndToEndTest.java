package dev.fdc.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fdc.cli.Fdc;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.io.Safetensors;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.pretrain.Dataset2D;
import dev.fdc.gpu.pretrain.FlowMatchingTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fdc train} and {@code fdc resume} as a user runs them, on the real stack: the launcher,
 * the local actor runtime, the coordinator's RunCore and engine executors on a small model fdc
 * pre-trains here. The objective is the expected reward of r(x) = x₁, whose exact mirror step
 * moves the mean by Var(x₁) ≈ 1.3 per step, so its improvement is far above the estimate's noise.
 */
class TrainEndToEndTest {

    @TempDir
    static Path dir;

    static Path config;
    static Path runA;

    @BeforeAll
    static void trainOnce() throws Exception {
        config = writeConfig(dir, "mirror-steps = 2, am-steps = 6");
        runA = dir.resolve("run-a");
        int exit = Fdc.run("train", config.toString(), "--run-dir", runA.toString(), "--workers", "2");
        assertEquals(0, exit, "fdc train exit code");
    }

    @Test
    void runDirectoryHasEverythingAndTheObjectiveImproves() throws Exception {
        for (String f : List.of("config.conf", "metrics.jsonl", "final.safetensors")) {
            assertTrue(Files.isRegularFile(runA.resolve(f)), f + " in the run directory");
        }
        try (Stream<Path> plots = Files.list(runA.resolve("plots"))) {
            assertTrue(plots.anyMatch(p -> p.toString().endsWith(".png")), "a PNG plot");
        }
        List<Double> values = new ArrayList<>();
        int amLines = 0;
        for (String line : Files.readAllLines(runA.resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            assertTrue(o.has("k") && o.has("step"), "every metrics line has k and step: " + line);
            if (o.has("loss")) {
                amLines++;
            }
            for (String key : o.keySet()) {
                if (key.equals("term0_expected_reward_value")) {
                    values.add(o.get(key).getAsDouble());
                }
            }
        }
        assertEquals(12, amLines, "one line per AM update (K = 2 × N = 6)");
        assertTrue(values.size() >= 2, "objective estimated at least before and after: " + values);
        double first = values.get(0);
        double last = values.get(values.size() - 1);
        System.out.printf("[e2e] expected reward E[x1] by mirror step: %s%n", values);
        // 2,048 samples per estimate: standard error of the mean ≈ 1.4/√2048 ≈ 0.03, of a difference
        // ≈ 0.045; 0.2 is more than 4 standard errors.
        assertTrue(last > first + 0.2, "E[x1] improves from " + first + " to " + last);
        Safetensors.Contents out = Safetensors.read(runA.resolve("final.safetensors"));
        assertEquals(
                Safetensors.read(runA.resolve("pretrained.safetensors"))
                        .tensors()
                        .keySet(),
                out.tensors().keySet());
    }

    /**
     * A run killed right after a checkpoint of mirror step 1 (simulated by removing every later
     * checkpoint and the final export, exactly what a kill leaves) and resumed with {@code fdc
     * resume} ends with parameters and optimizer state bit-for-bit equal to the uninterrupted run,
     * and its metrics hold the same rows, none twice. (The newest checkpoint at or before version 6
     * is used: a checkpoint that falls due while an older one is still being written replaces the
     * one waiting, so which versions are on disk depends on the disk's speed.)
     */
    @Test
    void resumeAfterACheckpointIsBitForBit() throws Exception {
        // Another directory name: the run id travels in run.id, so a copied run directory resumes.
        Path runB = dir.resolve("b").resolve("copy-of-" + runA.getFileName());
        copy(runA, runB);
        for (String f : List.of("final.safetensors")) {
            Files.deleteIfExists(runB.resolve(f));
        }
        long from = newestCheckpointAtOrBefore(runA, 6);
        assertTrue(from >= 2, "a checkpoint of mirror step 1 is kept (fdc.run.keep-checkpoints = 20)");
        try (Stream<Path> files = Files.list(runB.resolve("checkpoints"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("ckpt-") && version(name) > from) {
                    Files.delete(p);
                }
            }
        }
        System.out.println("[e2e] resuming a copy from the checkpoint at version " + from);
        int exit = Fdc.run("resume", runB.toString(), "--workers", "2");
        assertEquals(0, exit, "fdc resume exit code");
        List<String> linesA = Files.readAllLines(runA.resolve("metrics.jsonl"));
        List<String> linesB = Files.readAllLines(runB.resolve("metrics.jsonl"));
        java.util.Set<String> rows = new java.util.HashSet<>();
        for (String line : linesB) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String row = o.get("phase").getAsString() + "/" + o.get("k") + "/" + o.get("step");
            assertTrue(rows.add(row), "no row twice after the resume: " + row);
        }
        assertEquals(linesA.size(), linesB.size(), "the same rows as the uninterrupted run");
        for (int i = 0; i < linesA.size(); i++) {
            JsonObject x = JsonParser.parseString(linesA.get(i)).getAsJsonObject();
            JsonObject y = JsonParser.parseString(linesB.get(i)).getAsJsonObject();
            for (String key : List.of("loss", "grad_norm", "term0_expected_reward_value")) {
                if (x.has(key)) {
                    assertEquals(x.get(key), y.get(key), key + " of row " + i);
                }
            }
        }
        CheckpointState a = new CheckpointStore(runA.resolve("checkpoints"), 20)
                .loadLatest()
                .orElseThrow();
        CheckpointState b = new CheckpointStore(runB.resolve("checkpoints"), 20)
                .loadLatest()
                .orElseThrow();
        assertTrue(b.epoch() > a.epoch(), "the resumed run took a new epoch");
        assertEquals(a.parameterVersion(), b.parameterVersion());
        assertArrayEquals(a.parameters(), b.parameters(), "parameters");
        assertArrayEquals(a.optimizer().m(), b.optimizer().m(), "Adam first moments");
        assertArrayEquals(a.optimizer().v(), b.optimizer().v(), "Adam second moments");
        assertEquals(a.optimizer().step(), b.optimizer().step(), "Adam step");
        assertArrayEquals(
                Safetensors.read(runA.resolve("final.safetensors"))
                        .tensors()
                        .get("0.weight")
                        .data(),
                Safetensors.read(runB.resolve("final.safetensors"))
                        .tensors()
                        .get("0.weight")
                        .data(),
                "exported parameters");
    }

    /** A small run config on a model pre-trained here (written once per directory). */
    static Path writeConfig(Path dir, String steps) throws Exception {
        Path model = dir.resolve("tiny.safetensors");
        if (!Files.exists(model)) {
            try (NDManager m = DjlRuntime.newManager("e2e")) {
                MlpVelocityField f = MlpVelocityField.create(
                        new MlpSpec(3, new int[] {32, 32}, 2, Activation.SILU), m, DataType.FLOAT32, 3);
                FlowMatchingTrainer.train(
                        f, Dataset2D.GAUSS_MIXTURE, new FlowMatchingTrainer.Config(400, 256, 3e-3, 3), m, null);
                MlpFiles.save(f.net(), model, "mlp", Map.of());
            }
        }
        Path config = dir.resolve("run.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "fdc {",
                        "  model.path = \"" + model.toString().replace("\\", "/") + "\"",
                        "  objective.terms = [ { type = expected-reward, reward { name = linear, vectors { w = [1, 0] } } } ]",
                        "  mirror { schedule = constant, eta = 1.0 }",
                        "  run { " + steps + ", tasks-per-step = 2, trajectories = 32, grid-steps = 10,",
                        "        statistics-samples = 2048, checkpoint-every = 2, keep-checkpoints = 20, learning-rate = 3e-3, seed = 7 }",
                        "}"));
        return config;
    }

    /** The newest version at or before {@code version} that run {@code run} has a checkpoint of (−1: none). */
    private static long newestCheckpointAtOrBefore(Path run, long version) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("ckpt-") && n.endsWith(".kryo"))
                    .mapToLong(TrainEndToEndTest::version)
                    .filter(v -> v <= version)
                    .max()
                    .orElse(-1);
        }
    }

    private static long version(String checkpointFile) {
        String stem = checkpointFile.substring(0, checkpointFile.indexOf('.'));
        String[] parts = stem.split("-");
        return Long.parseLong(parts[parts.length - 1]);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
