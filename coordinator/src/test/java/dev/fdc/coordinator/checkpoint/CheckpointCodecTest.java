package dev.fdc.coordinator.checkpoint;

import static dev.fdc.coordinator.checkpoint.TestingCheckpoints.assertBitIdentical;
import static dev.fdc.coordinator.checkpoint.TestingCheckpoints.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CheckpointCodecTest {

    private final CheckpointCodec codec = new CheckpointCodec();

    private byte[] bytes(CheckpointState state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(state, out);
        return out.toByteArray();
    }

    private CheckpointState read(byte[] bytes) throws IOException {
        return codec.read(new ByteArrayInputStream(bytes), bytes.length, "test.kryo");
    }

    @Test
    void roundTripIsBitForBit() throws IOException {
        CheckpointState state = sample(3, 2, 5, 41, 1000);
        CheckpointState back = read(bytes(state));
        assertBitIdentical(state, back);
        assertEquals(CheckpointCodec.FORMAT_VERSION, back.formatVersion());
    }

    @Test
    void sameStateGivesSameBytes() throws IOException {
        assertArrayEquals(bytes(sample(1, 1, 1, 1)), bytes(sample(1, 1, 1, 1)));
    }

    @Test
    void everyTruncationIsReportedAsCorruption() throws IOException {
        byte[] full = bytes(sample(1, 2, 3, 4, 8));
        for (int length = 0; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            int at = length;
            var e = assertThrows(CheckpointCorruptException.class, () -> read(cut), "cut at " + at);
            assertTrue(e.getMessage().contains("test.kryo"), e.getMessage());
        }
    }

    @Test
    void trailingBytesAreReportedAsCorruption() throws IOException {
        byte[] full = bytes(sample(1, 2, 3, 4, 8));
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        assertThrows(CheckpointCorruptException.class, () -> read(longer));
    }

    @Test
    void otherFilesAreNotCheckpoints() {
        byte[] json = "{\"not\":\"a checkpoint\"}".getBytes();
        var e = assertThrows(CheckpointCorruptException.class, () -> read(json));
        assertTrue(e.getMessage().contains("not an fdc checkpoint"), e.getMessage());
    }

    @Test
    void unknownFormatVersionIsRefusedNamingSourceAndVersions() throws IOException {
        // 1 is the format before typed run fields: refused with a message naming both versions
        for (int version : new int[] {0, 1, CheckpointCodec.FORMAT_VERSION + 1}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            codec.writeVersioned(sample(1, 1, 1, 1), out, version);
            byte[] forged = out.toByteArray();
            var e = assertThrows(CheckpointFormatException.class, () -> read(forged));
            assertEquals(version, e.foundVersion());
            assertTrue(e.getMessage().contains("test.kryo has format version " + version), e.getMessage());
            assertTrue(e.getMessage().contains("reads format versions 2 to 2"), e.getMessage());
        }
    }

    @Test
    void damagedLengthIsCorruptionNotAHugeAllocation() throws IOException {
        CheckpointState state = sample(1, 1, 1, 1, 8);
        byte[] full = bytes(state);
        // magic, version (8 bytes), class id (1), "run-1" (5), epoch, k, n, version, base version (1 each)
        int lengthAt = 8 + 1 + 5 + 5;
        assertEquals(8, full[lengthAt], "the parameters' length, as a one-byte varint");
        full[lengthAt] = (byte) 0xff;
        full[lengthAt + 1] = (byte) 0xff;
        full[lengthAt + 2] = (byte) 0xff;
        full[lengthAt + 3] = (byte) 0x7f;
        var e = assertThrows(CheckpointCorruptException.class, () -> read(full));
        assertTrue(e.getMessage().contains("parameters: length"), e.getMessage());
    }

    @Test
    void builderNamesMissingAndMismatchedFields() {
        var missing = assertThrows(
                NullPointerException.class,
                () -> CheckpointState.builder().setRunId("r").build());
        assertTrue(missing.getMessage().contains("parameters"), missing.getMessage());
        var mismatch = assertThrows(
                IllegalArgumentException.class,
                () -> CheckpointState.builder()
                        .setRunId("r")
                        .setPosition(0, 0, 0, 0)
                        .setParameters(new float[3])
                        .setBase(0, new float[2])
                        .setOptimizer(new OptimizerState(new float[3], new float[3], 0))
                        .build());
        assertTrue(mismatch.getMessage().startsWith("base has 2 values"), mismatch.getMessage());
    }
}
