package dev.fdc.coordinator.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The record that makes a checkpoint complete: written last, after its data file is durable. It is
 * a flat JSON object, for example {@code {"file":"ckpt-2-1-5-40.kryo","bytes":123,"sha256":"…",
 * "epoch":2}}.
 *
 * @param file the data file name (in the same directory)
 * @param bytes the data file's size
 * @param sha256 the data file's SHA-256, lower-case hex
 * @param epoch the coordinator epoch that wrote it
 */
public record CheckpointManifest(String file, long bytes, String sha256, long epoch) {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern OBJECT = Pattern.compile("\\s*\\{(.*)}\\s*", Pattern.DOTALL);
    private static final Pattern MEMBER =
            Pattern.compile("\\s*\"(\\w+)\"\\s*:\\s*(\"[^\"\\\\]*\"|-?\\d{1,19})\\s*(,|$)");

    /** Checks the fields; throws {@link IllegalArgumentException} naming the bad one. */
    public CheckpointManifest {
        if (file == null || !SAFE_NAME.matcher(file).matches()) {
            throw new IllegalArgumentException("file '" + file + "': expected a plain file name");
        }
        if (bytes < 0 || epoch < 0) {
            throw new IllegalArgumentException("bytes " + bytes + ", epoch " + epoch + ": expected ≥ 0");
        }
        if (sha256 == null || !SHA.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 '" + sha256 + "': expected 64 lower-case hex digits");
        }
    }

    /** The manifest as one line of JSON, UTF-8. */
    public byte[] toJson() {
        return ("{\"file\":\"" + file + "\",\"bytes\":" + bytes + ",\"sha256\":\"" + sha256 + "\",\"epoch\":" + epoch
                        + "}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses what {@link #toJson()} wrote.
     *
     * @param source the file it came from, for the message
     * @throws CheckpointCorruptException naming {@code source} and what is wrong
     */
    public static CheckpointManifest parse(byte[] json, String source) throws CheckpointCorruptException {
        var object = OBJECT.matcher(new String(json, StandardCharsets.UTF_8));
        if (!object.matches()) {
            throw new CheckpointCorruptException("manifest " + source + ": not a JSON object");
        }
        Map<String, String> members = new HashMap<>();
        var m = MEMBER.matcher(object.group(1));
        int at = 0;
        while (at < object.group(1).length() && m.find(at) && m.start() == at) {
            members.put(m.group(1), m.group(2).replace("\"", ""));
            at = m.end();
        }
        if (at != object.group(1).length()) {
            throw new CheckpointCorruptException("manifest " + source + ": malformed at character " + at);
        }
        try {
            return new CheckpointManifest(
                    required(members, "file", source),
                    Long.parseLong(required(members, "bytes", source)),
                    required(members, "sha256", source),
                    Long.parseLong(required(members, "epoch", source)));
        } catch (IllegalArgumentException e) {
            throw new CheckpointCorruptException("manifest " + source + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> members, String key, String source)
            throws CheckpointCorruptException {
        String value = members.get(key);
        if (value == null) {
            throw new CheckpointCorruptException("manifest " + source + ": field '" + key + "' missing");
        }
        return value;
    }
}
