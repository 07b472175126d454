package dev.fdc.cli.output;

import dev.fdc.coordinator.checkpoint.AtomicFileWriter;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line ({@link MetricsLines}), each written whole and
 * flushed, so a crashed or running run's file is readable up to its last complete line. Every line
 * starts with {@code phase}, {@code k} (mirror step), {@code step} (AM step, 0 for mirror-step
 * lines), {@code time} (ISO-8601 UTC) and {@code elapsed_s} (seconds since this writer opened).
 *
 * <p>A resumed run opens the file with {@link #resume}: a torn last line (a crash or a full disk
 * mid-write) and every line written after the checkpoint the run resumes from are dropped first
 * (atomically), so the file never joins two records and never holds a row twice.
 */
public final class MetricsWriter implements Closeable {

    private final BufferedWriter out;
    private final Clock clock;
    private final long startNanos = System.nanoTime();

    private MetricsWriter(Path file, Clock clock) throws IOException {
        this.clock = clock;
        this.out = Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Opens (or creates) {@code file} for appending. */
    public MetricsWriter(Path file) throws IOException {
        this(file, Clock.systemUTC());
    }

    /**
     * Opens {@code file} for a run resumed after update {@code step} of mirror step {@code k}: keeps
     * only its complete lines up to that point ({@code am} lines at or before (k, step), {@code
     * mirror} lines of mirror steps up to k), then appends.
     */
    public static MetricsWriter resume(Path file, int k, int step) throws IOException {
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            // the last element is "" after a final newline, or a torn line without one: dropped
            for (int i = 0; i < lines.length - 1; i++) {
                if (MetricsFile.isBeforeOrAt(lines[i], k, step)) {
                    kept.add(lines[i]);
                }
            }
            AtomicFileWriter.writeFile(file, tmp -> Files.write(tmp, kept, StandardCharsets.UTF_8));
        }
        return new MetricsWriter(file);
    }

    /** Writes one line {"phase":…,"k":…,"step":…,"time":…,"elapsed_s":…, fields…} and flushes it. */
    public synchronized void write(String phase, int k, long step, Map<String, Object> fields) throws IOException {
        double elapsed = (System.nanoTime() - startNanos) * 1e-9;
        out.write(line(phase, k, step, Instant.now(clock), elapsed, fields) + "\n");
        out.flush();
    }

    /** The JSON object of one record, without the newline. */
    static String line(String phase, int k, long step, Instant time, double elapsed, Map<String, Object> fields) {
        StringBuilder b = new StringBuilder(96 + 32 * fields.size());
        b.append("{\"phase\":");
        Json.appendString(b, phase);
        b.append(",\"k\":").append(k).append(",\"step\":").append(step).append(",\"time\":");
        Json.appendString(b, time.toString());
        b.append(",\"elapsed_s\":");
        Json.appendValue(b, Math.round(elapsed * 1000) / 1000.0);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (MetricsFile.RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("metric name '" + e.getKey() + "' is reserved");
            }
            b.append(',');
            Json.appendString(b, e.getKey());
            b.append(':');
            Json.appendValue(b, e.getValue());
        }
        return b.append('}').toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
