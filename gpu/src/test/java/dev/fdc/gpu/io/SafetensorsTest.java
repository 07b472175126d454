package dev.fdc.gpu.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsValuesShapesOrderAndMetadata() throws Exception {
        Path f = dir.resolve("m.safetensors");
        float[] a = {1f, -2.5f, Float.MIN_VALUE, 3e38f, 0f, -0f};
        float[] b = {42f};
        Safetensors.write(
                f,
                List.of(
                        new Safetensors.Tensor("w", new long[] {2, 3}, a),
                        new Safetensors.Tensor("b", new long[] {1}, b)),
                Map.of("fdc.kind", "mlp"));
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(List.of("w", "b"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(a, c.require("w").data());
        assertArrayEquals(new long[] {2, 3}, c.require("w").shape());
        assertArrayEquals(b, c.require("b").data());
        assertEquals("mlp", c.metadata().get("fdc.kind"));
        long header = ByteBuffer.wrap(Files.readAllBytes(f))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertEquals(0, header % 8, "data starts 8-byte aligned");
        assertEquals(
                0, Files.list(dir).filter(p -> p.toString().endsWith(".tmp")).count(), "no temp file left");
    }

    private Path raw(String json, byte[] data) throws Exception {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).put(data);
        Path f = dir.resolve("raw.safetensors");
        Files.write(f, buf.array());
        return f;
    }

    @Test
    void readsHalfAndBfloat16() throws Exception {
        // F16 0x3C00 = 1.0, 0xC000 = −2.0, 0x0001 = 2^-24; BF16 0x3F80 = 1.0, 0x4049 = 3.140625
        byte[] d = {0x00, 0x3C, 0x00, (byte) 0xC0, 0x01, 0x00, (byte) 0x80, 0x3F, 0x49, 0x40};
        Path f = raw(
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]}}",
                d);
        Safetensors.Contents c = Safetensors.read(f);
        assertArrayEquals(new float[] {1f, -2f, 0x1.0p-24f}, c.require("h").data());
        assertArrayEquals(new float[] {1f, 3.140625f}, c.require("b").data());
    }

    @Test
    void malformedFilesAreRefusedNamingFileAndTensor() throws Exception {
        Path f = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'w'"), e.getMessage());

        Path g = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[8]);
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(g))
                .getMessage()
                .contains("outside"));

        Path h = raw("{\"w\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(h))
                .getMessage()
                .contains("I8"));

        Path j = raw("not json", new byte[0]);
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(j))
                .getMessage()
                .contains("JSON"));

        Path k = dir.resolve("short.safetensors");
        Files.write(k, new byte[] {1, 2, 3});
        assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(k));

        Path l = dir.resolve("huge.safetensors");
        Files.write(
                l,
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(1L << 40)
                        .array());
        assertTrue(assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(l))
                .getMessage()
                .contains("header length"));
    }

    @Test
    void halfPrecisionConversionCoversSpecialValues() {
        assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(Safetensors.halfToFloat((short) 0x7E00)));
        assertEquals(65504f, Safetensors.halfToFloat((short) 0x7BFF));
        assertEquals(-0f, Safetensors.halfToFloat((short) 0x8000));
        assertEquals(0x1.0p-14f, Safetensors.halfToFloat((short) 0x0400));
    }
}
