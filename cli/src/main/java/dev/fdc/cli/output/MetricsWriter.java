package dev.fdc.cli.output;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line, flushed per line, so a crashed or running run's
 * file is readable up to its last complete line. Each line has {@code k} (mirror step),
 * {@code step} (AM step within it, 0 for mirror-step records), {@code phase} and the named metrics
 * in the order given. Non-finite values are written as {@code null} (JSON has no NaN). The file is
 * opened for appending, so a resumed run continues it.
 */
public final class MetricsWriter implements Closeable {

    private final BufferedWriter out;

    /** Opens (or creates) {@code file} for appending. */
    public MetricsWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Writes one line: {"k":k,"step":step,"phase":phase, metrics...} and flushes it. */
    public synchronized void write(int k, long step, String phase, Map<String, ? extends Number> metrics)
            throws IOException {
        out.write(line(k, step, phase, metrics));
        out.write('\n');
        out.flush();
    }

    /** The JSON object of one record, without the newline. */
    public static String line(int k, long step, String phase, Map<String, ? extends Number> metrics) {
        StringBuilder b = new StringBuilder(64 + 32 * metrics.size());
        b.append("{\"k\":").append(k).append(",\"step\":").append(step).append(",\"phase\":");
        appendString(b, phase);
        for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
            if (e.getKey().equals("k")
                    || e.getKey().equals("step")
                    || e.getKey().equals("phase")) {
                throw new IllegalArgumentException("metric name '" + e.getKey() + "' is reserved");
            }
            b.append(',');
            appendString(b, e.getKey());
            b.append(':');
            appendNumber(b, e.getValue());
        }
        return b.append('}').toString();
    }

    private static void appendNumber(StringBuilder b, Number n) {
        if (n == null) {
            b.append("null");
        } else if (n instanceof Double || n instanceof Float) {
            double v = n.doubleValue();
            b.append(Double.isFinite(v) ? Double.toString(v) : "null");
        } else {
            b.append(n.longValue());
        }
    }

    private static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
