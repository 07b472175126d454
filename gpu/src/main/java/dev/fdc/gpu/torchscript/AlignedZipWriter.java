package dev.fdc.gpu.torchscript;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A ZIP archive of stored (uncompressed) entries whose data start at 64-byte aligned offsets,
 * the container PyTorch's {@code PyTorchStreamWriter} produces: each local header carries an
 * extra field with id {@code "FB"} and as many padding bytes ({@code 'Z'}) as the alignment
 * needs, so libtorch can map tensor storages in place. Archives are limited to 4 GiB (no ZIP64).
 */
final class AlignedZipWriter {

    /** Alignment of entry data, as in PyTorch's {@code kFieldAlignment}. */
    static final int ALIGNMENT = 64;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int LOCAL_HEADER_SIZE = 30;

    private record Entry(byte[] name, long crc, int size, int offset, byte[] extra) {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Entry> entries = new ArrayList<>();

    /** Appends a stored entry. */
    void add(String name, byte[] data) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int offset = out.size();
        int start = offset + LOCAL_HEADER_SIZE + n.length + 4;
        int padding = (ALIGNMENT - start % ALIGNMENT) % ALIGNMENT;
        byte[] extra = new byte[4 + padding];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) padding;
        extra[3] = (byte) (padding >>> 8);
        for (int i = 4; i < extra.length; i++) {
            extra[i] = 'Z';
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        Entry e = new Entry(n, crc.getValue(), data.length, offset, extra);
        if ((long) offset + data.length + extra.length + n.length > 0xFFFF_FFF0L) {
            throw new IllegalArgumentException("TorchScript archive over 4 GiB (ZIP64 is not written)");
        }
        int32(LOCAL_HEADER);
        int16(20); // version needed: 2.0
        int16(0); // flags
        int16(0); // method: stored
        int16(0); // time
        int16(0x21); // date 1980-01-01
        int32((int) e.crc());
        int32(data.length);
        int32(data.length);
        int16(n.length);
        int16(extra.length);
        out.write(n, 0, n.length);
        out.write(extra, 0, extra.length);
        out.write(data, 0, data.length);
        entries.add(e);
    }

    /** Writes the central directory and returns the whole archive. */
    byte[] finish() {
        int dirStart = out.size();
        for (Entry e : entries) {
            int32(CENTRAL_HEADER);
            int16(20); // made by
            int16(20); // needed
            int16(0);
            int16(0);
            int16(0);
            int16(0x21);
            int32((int) e.crc());
            int32(e.size());
            int32(e.size());
            int16(e.name().length);
            int16(0); // no extra field in the central directory
            int16(0); // comment
            int16(0); // disk
            int16(0); // internal attributes
            int32(0); // external attributes
            int32(e.offset());
            out.write(e.name(), 0, e.name().length);
        }
        int dirSize = out.size() - dirStart;
        int32(END_OF_CENTRAL_DIRECTORY);
        int16(0);
        int16(0);
        int16(entries.size());
        int16(entries.size());
        int32(dirSize);
        int32(dirStart);
        int16(0);
        return out.toByteArray();
    }

    private void int16(int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    private void int32(int v) {
        int16(v & 0xffff);
        int16(v >>> 16);
    }
}
