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
import dev.fdc.coordinator.actor.RunCounters;
import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import dev.fdc.coordinator.checkpoint.OptimizerState;
import dev.fdc.coordinator.objective.TermMetric;
import dev.fdc.coordinator.objective.TermMetrics;
import dev.fdc.coordinator.run.AmStepRecord;
import dev.fdc.coordinator.run.MirrorStepRecord;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
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
            l.onStart(2, 3);
            int firstK = 1;
            if (request.resume()) {
                firstK = 2; // the testing checkpoint ends mirror step 1
            }
            for (int k = firstK; k <= 2; k++) {
                l.onMirrorStep(mirror(k, -1.0 / k, false));
                for (int n = 1; n <= 3; n++) {
                    l.onAmStep(new AmStepRecord(
                            k,
                            n,
                            3L * (k - 1) + n,
                            1.0 / (k * n),
                            -0.5,
                            0.1,
                            2.0,
                            true,
                            0,
                            Double.POSITIVE_INFINITY,
                            8,
                            0,
                            3L * (k - 1) + n,
                            0,
                            0));
                }
                if (k == 1) {
                    new CheckpointStore(request.runDirectory().checkpoints(), 3).write(checkpoint(theta));
                }
            }
            l.onMirrorStep(mirror(3, -0.25, true));
            returned = theta.clone();
            for (int i = 0; i < returned.length; i++) {
                returned[i] += 0.01f;
            }
            return new TrainingResult(returned, RunCounters.none());
        }
    }

    static MirrorStepRecord mirror(int k, double objective, boolean last) {
        return new MirrorStepRecord(
                k,
                last ? Double.NaN : 0.5,
                last,
                OptionalDouble.of(objective),
                List.of(new TermMetrics(
                        0, "cvar", 1.0, Map.of(TermMetric.VALUE, objective, TermMetric.TAIL_COUNT, 3.0))));
    }

    /** A complete checkpoint at the end of mirror step 1 (k = 1, n = 3, version 3). */
    static CheckpointState checkpoint(float[] theta) {
        return CheckpointState.builder()
                .setRunId("run")
                .setPosition(0, 1, 3, 3)
                .setParameters(theta)
                .setBase(0, theta)
                .setOptimizer(new OptimizerState(new float[theta.length], new float[theta.length], 3))
                .build();
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
        JsonObject mirror = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(
                List.of(
                        "phase",
                        "k",
                        "step",
                        "time",
                        "elapsed_s",
                        "final",
                        "eta",
                        "objective",
                        "term0_cvar_weight",
                        "term0_cvar_value",
                        "term0_cvar_tail_count"),
                List.copyOf(mirror.keySet()),
                "a fixed key order");
        assertEquals("3", mirror.get("term0_cvar_tail_count").toString(), "counts are integers");
        JsonObject am = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals("am", am.get("phase").getAsString());
        assertEquals(1, am.get("k").getAsInt());
        assertEquals(1, am.get("step").getAsInt());
        assertEquals(1.0, am.get("loss").getAsDouble());
        assertEquals("8", am.get("samples").toString());
        assertTrue(am.get("loss_clip_threshold").isJsonNull(), "∞ is null");
        assertTrue(JsonParser.parseString(lines.get(8))
                .getAsJsonObject()
                .get("final")
                .getAsBoolean());
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
        List<String> after = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(9, after.size(), "the rows after the checkpoint (k = 1, n = 3) are replaced, not duplicated");
        assertEquals(lines.subList(0, 4), after.subList(0, 4), "rows up to the checkpoint are kept as they were");
        for (String line : after) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            assertTrue(o.has("k") && o.has("time"), line);
        }
    }
}
