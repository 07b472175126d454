package dev.fdc.cli.output;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.util.Set;

/** Reading {@code metrics.jsonl} lines back: which records a line holds and where in the run it is. */
final class MetricsFile {

    /** Keys every line starts with; no metric may use them. */
    static final Set<String> RESERVED = Set.of("phase", "k", "step", "time", "elapsed_s");

    private MetricsFile() {}

    /**
     * Whether {@code line} is a complete record at or before update {@code step} of mirror step
     * {@code k}: an {@code am} line at or before (k, step), or a {@code mirror} line of a mirror step
     * up to k. Lines that do not parse as such a record are not.
     */
    static boolean isBeforeOrAt(String line, int k, int step) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                return false;
            }
            o = e.getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            return false;
        }
        if (!o.has("phase") || !o.has("k") || !o.has("step")) {
            return false;
        }
        int lineK = o.get("k").getAsInt();
        long lineStep = o.get("step").getAsLong();
        return switch (o.get("phase").getAsString()) {
            case MetricsLines.AM -> lineK < k || (lineK == k && lineStep <= step);
            case MetricsLines.MIRROR -> lineK <= k;
            default -> false;
        };
    }
}
