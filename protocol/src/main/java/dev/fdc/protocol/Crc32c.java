package dev.fdc.protocol;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C (Castagnoli) checksums of chunk payloads, as carried in {@code TensorChunk.crc32c}. */
public final class Crc32c {

    private Crc32c() {}

    /** Returns the CRC32C of all bytes of {@code bytes}, as the 32-bit pattern of the checksum. */
    public static int of(ByteString bytes) {
        CRC32C crc = new CRC32C();
        for (ByteBuffer part : bytes.asReadOnlyByteBufferList()) {
            crc.update(part);
        }
        return (int) crc.getValue();
    }

    /** Returns the CRC32C of {@code length} bytes of {@code bytes} starting at {@code offset}. */
    public static int of(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Returns {@code crc} as eight hex digits with a {@code 0x} prefix, for messages. */
    public static String hex(int crc) {
        return String.format("0x%08x", crc);
    }
}
