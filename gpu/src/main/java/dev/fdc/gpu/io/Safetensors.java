package dev.fdc.gpu.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format in plain Java: an 8-byte little-endian header length
 * N, an N-byte JSON header mapping each tensor name to {dtype, shape, data_offsets} (plus an
 * optional {@code __metadata__} string map), then the raw little-endian data. Reads F32, F64,
 * F16 and BF16 (converted to float32); writes F32. Writes are atomic (temp file, fsync, rename).
 */
public final class Safetensors {

    /** Headers larger than this are refused (the format's own reference limit is 100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** One tensor: name, shape, float32 values in row-major order. */
    public record Tensor(String name, long[] shape, float[] data) {}

    /** The tensors of a file in header order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** The tensor called name; the exception names the file's tensors when it is absent. */
        public Tensor require(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no tensor '" + name + "'; the file has " + tensors.keySet());
            }
            return t;
        }
    }

    private Safetensors() {}

    /** Reads a whole file; every malformation is a {@link SafetensorsFormatException}. */
    public static Contents read(Path file) throws IOException {
        String where = file.toString();
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 8) {
            throw new SafetensorsFormatException(
                    where, "shorter than the 8-byte header length (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong(0);
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || 8 + headerLen > bytes.length) {
            throw new SafetensorsFormatException(
                    where, "header length " + headerLen + " does not fit a file of " + bytes.length + " bytes");
        }
        JsonObject header;
        try {
            JsonElement e = JsonParser.parseString(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
            header = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new SafetensorsFormatException(where, "header is not a JSON object: " + e.getMessage());
        }
        long dataStart = 8 + headerLen;
        long dataLen = bytes.length - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                for (Map.Entry<String, JsonElement> m :
                        entry.getValue().getAsJsonObject().entrySet()) {
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            tensors.put(name, readTensor(where, name, entry.getValue(), buf, dataStart, dataLen));
        }
        return new Contents(tensors, metadata);
    }

    private static Tensor readTensor(
            String where, String name, JsonElement spec, ByteBuffer buf, long dataStart, long dataLen)
            throws SafetensorsFormatException {
        JsonObject o;
        String dtype;
        long[] shape;
        long begin;
        long end;
        try {
            o = spec.getAsJsonObject();
            dtype = o.get("dtype").getAsString();
            JsonArray s = o.get("shape").getAsJsonArray();
            shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsLong();
            }
            JsonArray off = o.get("data_offsets").getAsJsonArray();
            begin = off.get(0).getAsLong();
            end = off.get(1).getAsLong();
        } catch (RuntimeException e) {
            throw new SafetensorsFormatException(
                    where, "tensor '" + name + "' needs dtype, shape and data_offsets [begin, end]");
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default ->
                throw new SafetensorsFormatException(
                        where, "tensor '" + name + "' has dtype " + dtype + "; fdc reads F32, F64, F16, BF16");
        };
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new SafetensorsFormatException(where, "tensor '" + name + "' has a negative dimension");
            }
            count = Math.multiplyExact(count, d);
        }
        if (begin < 0 || end < begin || end > dataLen) {
            throw new SafetensorsFormatException(
                    where,
                    "tensor '" + name + "' data_offsets [" + begin + ", " + end + "] outside the " + dataLen
                            + " data bytes");
        }
        if (end - begin != count * width) {
            throw new SafetensorsFormatException(
                    where,
                    "tensor '" + name + "' of shape " + java.util.Arrays.toString(shape) + " and dtype " + dtype
                            + " needs " + count * width + " bytes, data_offsets give " + (end - begin));
        }
        float[] data = new float[Math.toIntExact(count)];
        int p = Math.toIntExact(dataStart + begin);
        for (int i = 0; i < data.length; i++, p += width) {
            data[i] = switch (dtype) {
                case "F32" -> buf.getFloat(p);
                case "F64" -> (float) buf.getDouble(p);
                case "F16" -> halfToFloat(buf.getShort(p));
                default -> Float.intBitsToFloat((buf.getShort(p) & 0xffff) << 16);
            };
        }
        return new Tensor(name, shape, data);
    }

    /** Writes tensors (in the given order) as F32 with optional metadata, atomically. */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject m = new JsonObject();
            metadata.forEach(m::addProperty);
            header.add("__metadata__", m);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            long count = 1;
            for (long d : t.shape()) {
                count *= d;
            }
            if (count != t.data().length) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' has " + t.data().length
                        + " values for shape " + java.util.Arrays.toString(t.shape()));
            }
            JsonObject o = new JsonObject();
            o.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(offset);
            off.add(offset + 4 * count);
            o.add("data_offsets", off);
            header.add(t.name(), o);
            offset += 4 * count;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8; // keep data 8-byte aligned, as the reference writer does
        byte[] padded = java.util.Arrays.copyOf(json, json.length + pad);
        java.util.Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        ByteBuffer out =
                ByteBuffer.allocate(Math.toIntExact(8 + padded.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded.length).put(padded);
        for (Tensor t : tensors) {
            out.asFloatBuffer().put(t.data());
            out.position(out.position() + 4 * t.data().length);
        }
        out.flip();
        writeAtomically(file, out);
    }

    /** Writes a name → values map with the given shapes (convenience for parameter sets). */
    public static List<Tensor> tensors(Map<String, float[]> values, Map<String, long[]> shapes) {
        List<Tensor> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(new Tensor(k, shapes.get(k), v)));
        return out;
    }

    private static void writeAtomically(Path file, ByteBuffer data) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (data.hasRemaining()) {
                    ch.write(data);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat arrived only in Java 20). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1.0p-24f; // subnormal (or zero)
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
