package dev.fdc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.typesafe.config.Config;
import dev.fdc.cli.CliRun;
import dev.fdc.cli.train.TrainingBackend;
import dev.fdc.cli.train.TrainingListener;
import dev.fdc.cli.train.TrainingRequest;
import dev.fdc.cli.train.TrainingResult;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fdc train and resume through the TrainingBackend seam with a scripted testing backend: the run
 * directory layout, metrics.jsonl, plots and final.safetensors the launcher writes around a run.
 */
class TrainRunDirectoryTest {

    /** Reports K = 2 mirror steps of N = 3 updates and returns θ_pre + 0.01. */
    static final class ScriptedBackend implements TrainingBackend {
        final List<TrainingRequest> requests = new ArrayList<>();
        float[] returned;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public void validate(Config resolved) {}

        @Override
        public TrainingResult train(TrainingRequest request) throws Exception {
            requests.add(request);
            assertTrue(Files.isDirectory(request.runDirectory().checkpoints()));
            float[] theta = request.model().parameters();
            assertEquals(request.model().modelSpec().getParameterCount(), theta.length);
            TrainingListener l = request.listener();
            l.onStart(2, 3, 1, 1);
            for (int k = 1; k <= 2; k++) {
                l.onMirrorStep(k, Map.of("objective", -1.0 / k));
                for (int n = 1; n <= 3; n++) {
                    l.onAmStep(k, n, Map.of("loss", 1.0 / (k * n), "reward", -0.5));
                }
                Files.writeString(request.runDirectory().checkpoints().resolve("ckpt-" + k), "state");
            }
            l.onMirrorStep(3, Map.of("objective", -0.25));
            returned = theta.clone();
            for (int i = 0; i < returned.length; i++) {
                returned[i] += 0.01f;
            }
            return new TrainingResult(returned, Map.of("objective", -0.25));
        }
    }

    @Test
    void trainWritesTheRunDirectoryAndResumeContinuesIt(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        ScriptedBackend backend = new ScriptedBackend();
        CliRun r = CliRun.with(
                () -> backend, "train", "--set", "fdc.mirror.eta=0.5", "--run-dir", run.toString(), "--workers", "2");
        assertEquals(0, r.exitCode(), r.toString());

        TrainingRequest req = backend.requests.get(0);
        assertEquals(2, req.workers());
        assertEquals(false, req.resume());
        assertEquals(0.5, req.config().getDouble("fdc.mirror.eta"));
        assertEquals(
                run.resolve("pretrained.safetensors").toAbsolutePath().toString(),
                req.config().getString("fdc.model.path"));

        String conf = Files.readString(run.resolve("config.conf"));
        assertTrue(conf.contains("risk_averse") && conf.contains("pretrained.safetensors"), conf);
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(3 + 6, lines.size());
        JsonObject am = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals("am", am.get("phase").getAsString());
        assertEquals(1, am.get("k").getAsInt());
        assertEquals(1, am.get("step").getAsInt());
        assertEquals(1.0, am.get("loss").getAsDouble());
        for (String png : new String[] {"samples-before-after.png", "objective.png", "am-steps.png"}) {
            byte[] b = Files.readAllBytes(run.resolve("plots").resolve(png));
            assertEquals((byte) 0x89, b[0], png);
            assertEquals('P', b[1], png);
        }
        Safetensors.Contents fin = Safetensors.read(run.resolve("final.safetensors"));
        assertEquals("mlp", fin.metadata().get(MlpFiles.KIND));
        Safetensors.Contents pre = Safetensors.read(run.resolve("pretrained.safetensors"));
        float[] w0 = pre.require("0.weight").data();
        float[] w0final = fin.require("0.weight").data();
        for (int i = 0; i < w0.length; i++) {
            assertEquals(w0[i] + 0.01f, w0final[i], 0f);
        }
        assertArrayEquals(
                backend.returned,
                dev.fdc.cli.model.ModelFile.inspect(run.resolve("final.safetensors"), null, "x")
                        .parameters());

        // A finished run cannot be resumed; an interrupted one (no final.safetensors) can.
        CliRun finished = CliRun.with(() -> backend, "resume", run.toString());
        assertEquals(2, finished.exitCode(), finished.toString());
        Files.delete(run.resolve("final.safetensors"));
        CliRun resumed = CliRun.with(() -> backend, "resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.toString());
        TrainingRequest again = backend.requests.get(1);
        assertTrue(again.resume());
        assertEquals(req.config().getConfig("fdc"), again.config().getConfig("fdc"));
        assertEquals(18, Files.readAllLines(run.resolve("metrics.jsonl")).size(), "metrics appended");
    }
}
