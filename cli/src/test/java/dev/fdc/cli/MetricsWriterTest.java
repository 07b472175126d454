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

/** metrics.jsonl: one valid JSON object per line, flushed per line, appended on reopen. */
class MetricsWriterTest {

    @Test
    void everyLineIsAJsonObjectWithKStepAndTheMetrics(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = new MetricsWriter(file)) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", 0.25);
            m.put("reward", -1.5e-7);
            m.put("nan metric", Double.NaN);
            m.put("weird \"name\"\n", Double.POSITIVE_INFINITY);
            w.write(1, 3, "am", m);
            // Flushed per line: readable before close.
            List<String> early = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertEquals(1, early.size());
            w.write(2, 0, "mirror", Map.of("objective", -0.75));
        }
        try (MetricsWriter w = new MetricsWriter(file)) {
            w.write(3, 1, "am", Map.of("loss", 1.0));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        for (String line : lines) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            assertTrue(o.has("k") && o.has("step") && o.has("phase"), line);
        }
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(1, first.get("k").getAsInt());
        assertEquals(3, first.get("step").getAsInt());
        assertEquals("am", first.get("phase").getAsString());
        assertEquals(0.25, first.get("loss").getAsDouble());
        assertEquals(-1.5e-7, first.get("reward").getAsDouble());
        assertTrue(first.get("nan metric").isJsonNull());
        assertTrue(first.get("weird \"name\"\n").isJsonNull());
        assertEquals(
                -0.75,
                JsonParser.parseString(lines.get(1))
                        .getAsJsonObject()
                        .get("objective")
                        .getAsDouble());
        assertEquals(
                3,
                JsonParser.parseString(lines.get(2)).getAsJsonObject().get("k").getAsInt());
    }

    @Test
    void reservedNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MetricsWriter.line(1, 1, "am", Map.of("step", 1.0)));
    }
}
