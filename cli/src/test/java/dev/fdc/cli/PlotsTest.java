package dev.fdc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.cli.output.Plots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headless XChart PNGs: the files exist and start with the PNG signature. */
class PlotsTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void scatterWritesAPng(@TempDir Path dir) throws Exception {
        float[] a = {0, 0, 1, 1, -1, 0.5f};
        float[] b = {2, 2, 3, 1, 2.5f, 2};
        Map<String, float[]> samples = new LinkedHashMap<>();
        samples.put("pre-trained", a);
        samples.put("fine-tuned", b);
        Path file = dir.resolve("scatter.png");
        Plots.scatter(file, "before/after", samples, 2);
        assertPng(file);
    }

    @Test
    void curvesWritesAPng(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("curves.png");
        Plots.curves(
                file,
                "objective",
                "k",
                Map.of("objective", List.of(new double[] {0, -1}, new double[] {1, -0.5}, new double[] {2, -0.2})));
        assertPng(file);
        try (var s = Files.list(dir)) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().endsWith(".png")), "no temporary files left behind");
        }
    }

    private static void assertPng(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 1000, "a real image, got " + bytes.length + " bytes");
        assertArrayEquals(PNG, Arrays.copyOf(bytes, 8));
    }
}
