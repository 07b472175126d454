package dev.fdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import dev.fdc.cli.output.TensorBoardWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event file is read back the way TensorBoard reads it: TFRecord framing with masked CRC32C
 * (checked against an independent computation from the published formula and the CRC32C check
 * value of "123456789", 0xE3069283), then the Event and Summary protobuf fields.
 */
class TensorBoardWriterTest {

    static int masked(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        long crc = c.getValue();
        long rotated = ((crc >>> 15) | (crc << 17)) & 0xffffffffL;
        return (int) ((rotated + 0xa282ead8L) & 0xffffffffL);
    }

    @Test
    void recordsAreFramedAndDecodable(@TempDir Path dir) throws Exception {
        CRC32C check = new CRC32C();
        check.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, check.getValue(), "CRC32C (Castagnoli) check value");

        Map<String, Double> v = new LinkedHashMap<>();
        v.put("loss", 1.5);
        v.put("skipped", Double.NaN);
        v.put("reward_mean", -0.25);
        try (TensorBoardWriter w = new TensorBoardWriter(dir)) {
            w.scalars(7, "am/", v);
            w.scalars(8, "am/", Map.of("nan-only", Double.NaN)); // no finite value: no event
        }
        Path file;
        try (var s = Files.list(dir)) {
            file = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
                    .findFirst()
                    .orElseThrow();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> events = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] len = new byte[8];
            b.get(len);
            assertEquals(masked(len, 0, 8), b.getInt(), "length CRC of record " + events.size());
            byte[] data = new byte
                    [(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            b.get(data);
            assertEquals(masked(data, 0, data.length), b.getInt(), "data CRC of record " + events.size());
            events.add(data);
        }
        assertEquals(2, events.size(), "the version event and one scalar event");
        assertTrue(new String(events.get(0), StandardCharsets.UTF_8).contains("brain.Event:2"));

        CodedInputStream in = CodedInputStream.newInstance(events.get(1));
        long step = -1;
        Map<String, Float> scalars = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag >>> 3) {
                case 1 -> in.readDouble();
                case 2 -> step = in.readInt64();
                case 5 -> {
                    CodedInputStream summary = CodedInputStream.newInstance(in.readByteArray());
                    for (int t = summary.readTag(); t != 0; t = summary.readTag()) {
                        CodedInputStream value = CodedInputStream.newInstance(summary.readByteArray());
                        String name = null;
                        float x = Float.NaN;
                        for (int u = value.readTag(); u != 0; u = value.readTag()) {
                            if ((u >>> 3) == 1) {
                                name = value.readString();
                            } else {
                                x = value.readFloat();
                            }
                        }
                        scalars.put(name, x);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        assertEquals(7, step);
        assertEquals(Map.of("am/loss", 1.5f, "am/reward_mean", -0.25f), scalars);
    }
}
