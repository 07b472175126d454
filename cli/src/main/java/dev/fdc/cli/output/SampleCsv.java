package dev.fdc.cli.output;

import dev.fdc.coordinator.checkpoint.AtomicFileWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples as CSV: a header {@code x1,x2,...,xd}, then one row per sample (written atomically). */
public final class SampleCsv {

    private SampleCsv() {}

    /** Writes row-major [n, d] samples to {@code file}. */
    public static void write(Path file, float[] samples, int dim) throws IOException {
        AtomicFileWriter.writeFile(file, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (int k = 0; k < dim; k++) {
                    w.write((k == 0 ? "x" : ",x") + (k + 1));
                }
                w.write('\n');
                int n = samples.length / dim;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < dim; k++) {
                        if (k > 0) {
                            w.write(',');
                        }
                        w.write(Float.toString(samples[i * dim + k]));
                    }
                    w.write('\n');
                }
            }
        });
    }
}
