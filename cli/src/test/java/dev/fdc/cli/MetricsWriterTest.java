package dev.fdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fdc.cli.output.MetricsWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * metrics.jsonl: one valid JSON object per line, flushed per line, appended on reopen; a resume
 * drops a torn last line and every row after the checkpoint.
 */
class MetricsWriterTest {

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyLineIsAJsonObjectWithPhaseKStepTimeAndTheMetrics(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = new MetricsWriter(file)) {
            w.write(
                    "am",
                    1,
                    3,
                    fields(
                            "loss",
                            0.25,
                            "count",
                            7L,
                            "flag",
                            true,
                            "nan",
                            Double.NaN,
                            "weird \"k\"\n",
                            Double.POSITIVE_INFINITY,
                            "none",
                            null));
            List<String> early = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertEquals(1, early.size(), "flushed per line: readable before close");
            w.write("mirror", 2, 0, fields("objective", -0.75));
        }
        try (MetricsWriter w = new MetricsWriter(file)) {
            w.write("am", 3, 1, fields("loss", 1.0));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(
                List.of(
                        "phase",
                        "k",
                        "step",
                        "time",
                        "elapsed_s",
                        "loss",
                        "count",
                        "flag",
                        "nan",
                        "weird \"k\"\n",
                        "none"),
                List.copyOf(first.keySet()));
        assertEquals("am", first.get("phase").getAsString());
        assertEquals(1, first.get("k").getAsInt());
        assertEquals(3, first.get("step").getAsInt());
        assertTrue(first.get("time").getAsString().endsWith("Z"), "UTC ISO-8601: " + first.get("time"));
        assertEquals(0.25, first.get("loss").getAsDouble());
        assertEquals("7", first.get("count").toString(), "integers stay integers");
        assertTrue(first.get("flag").getAsBoolean());
        assertTrue(first.get("nan").isJsonNull());
        assertTrue(first.get("weird \"k\"\n").isJsonNull());
        assertTrue(first.get("none").isJsonNull());
        assertEquals(
                -0.75,
                JsonParser.parseString(lines.get(1))
                        .getAsJsonObject()
                        .get("objective")
                        .getAsDouble());
    }

    @Test
    void reservedNamesAreRefused(@TempDir Path dir) throws Exception {
        try (MetricsWriter w = new MetricsWriter(dir.resolve("m.jsonl"))) {
            assertThrows(IllegalArgumentException.class, () -> w.write("am", 1, 1, fields("step", 1.0)));
            assertThrows(IllegalArgumentException.class, () -> w.write("am", 1, 1, fields("time", 1.0)));
        }
    }

    @Test
    void resumeDropsATornLineAndTheRowsAfterTheCheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = new MetricsWriter(file)) {
            w.write("mirror", 1, 0, fields("objective", -3.0));
            for (int n = 1; n <= 4; n++) {
                w.write("am", 1, n, fields("loss", 1.0 / n));
            }
            w.write("mirror", 2, 0, fields("objective", -2.0));
            w.write("am", 2, 1, fields("loss", 0.5));
        }
        // a crash mid-write (or a full disk) leaves half a line without its newline
        Files.writeString(file, "{\"phase\":\"am\",\"k\":2,\"st", java.nio.file.StandardOpenOption.APPEND);
        try (MetricsWriter w = MetricsWriter.resume(file, 1, 2)) {
            w.write("am", 1, 3, fields("loss", 0.3));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(4, lines.size(), String.join("\n", lines));
        int[][] expected = {{1, 0}, {1, 1}, {1, 2}, {1, 3}};
        for (int i = 0; i < lines.size(); i++) {
            JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(expected[i][0], o.get("k").getAsInt(), lines.get(i));
            assertEquals(expected[i][1], o.get("step").getAsInt(), lines.get(i));
        }
        // a checkpoint at the end of mirror step 1 keeps its rows and drops mirror step 2's estimate
        try (MetricsWriter w = MetricsWriter.resume(file, 1, 4)) {
            w.write("mirror", 2, 0, fields("objective", -2.0));
        }
        assertEquals(5, Files.readAllLines(file, StandardCharsets.UTF_8).size());
    }
}
