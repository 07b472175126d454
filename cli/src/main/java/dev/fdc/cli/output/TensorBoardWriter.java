package dev.fdc.cli.output;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * TensorBoard scalars without TensorFlow: an {@code events.out.tfevents.*} file of TFRecords, each
 * record {@code uint64 length, uint32 masked-CRC32C(length), Event bytes, uint32 masked-CRC32C(bytes)}
 * (little-endian; masked CRC = ((c >>> 15) | (c << 17)) + 0xa282ead8), each Event
 * {@code {1: wall_time double, 2: step int64, 3: file_version string | 5: Summary}} with
 * {@code Summary {1: repeated Value {1: tag string, 2: simple_value float}}}. The first event carries
 * the file version "brain.Event:2". Non-finite values are skipped. Flushed after every event.
 */
public final class TensorBoardWriter implements Closeable {

    private final OutputStream out;
    private final Path file;

    /** A new event file in {@code dir} (created if missing). */
    public TensorBoardWriter(Path dir) throws IOException {
        Files.createDirectories(dir);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        this.file = dir.resolve("events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + host);
        this.out = Files.newOutputStream(file);
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(event);
        c.writeDouble(1, System.currentTimeMillis() / 1000.0);
        c.writeString(3, "brain.Event:2");
        c.flush();
        record(event.toByteArray());
    }

    /** The event file. */
    public Path file() {
        return file;
    }

    /** One event at {@code step} with a scalar per finite value, tagged {@code prefix + key}. */
    public void scalars(long step, String prefix, Map<String, Double> values) throws IOException {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(summary);
        int count = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                continue;
            }
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            CodedOutputStream v = CodedOutputStream.newInstance(value);
            v.writeString(1, prefix + e.getKey());
            v.writeFloat(2, e.getValue().floatValue());
            v.flush();
            s.writeByteArray(1, value.toByteArray());
            count++;
        }
        s.flush();
        if (count == 0) {
            return;
        }
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(event);
        c.writeDouble(1, System.currentTimeMillis() / 1000.0);
        c.writeInt64(2, step);
        c.writeByteArray(5, summary.toByteArray());
        c.flush();
        record(event.toByteArray());
    }

    private void record(byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        ByteBuffer footer =
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length));
        out.write(header.array());
        out.write(data);
        out.write(footer.array());
        out.flush();
    }

    /** TFRecord's masked CRC32C. */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
