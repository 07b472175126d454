package dev.fdc.coordinator.checkpoint;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The byte form of a {@link CheckpointState}: a 4-byte magic number ({@code FDCK}), the 4-byte
 * format version, the state as a Kryo object (explicit registration, registration required; field
 * layout in {@link CheckpointStateSerializer}), and a 4-byte end marker. The version is read before
 * anything else, so a checkpoint of an unknown version is refused by {@link
 * CheckpointFormatException} naming the file and the versions, never misread.
 *
 * <p>To change the layout: bump {@link #FORMAT_VERSION}, teach the serializer to read the old
 * version too (or raise {@link #MIN_READABLE_VERSION}), and add a test with an old file.
 */
public final class CheckpointCodec {

    /**
     * The format version this build writes. Version 1 (fdc before the typed checkpoint fields) kept
     * run scalars in a generic statistics map and the reward as base64 metadata; it is refused with
     * a message naming both versions.
     */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format version this build reads. */
    public static final int MIN_READABLE_VERSION = 2;

    static final int MAGIC = 0x4644434B; // "FDCK"
    static final int END_MARKER = 0x454E4421; // "END!"
    private static final int STATE_REGISTRATION_ID = 100;
    private static final int BUFFER_BYTES = 1 << 16;

    /**
     * Writes the state to {@code out} in {@link #FORMAT_VERSION}; flushes, does not close.
     *
     * @throws IOException if {@code out} fails
     */
    public void write(CheckpointState state, OutputStream out) throws IOException {
        writeVersioned(state, out, FORMAT_VERSION);
    }

    /** Writes in a given version header; package-private so tests can forge other versions. */
    void writeVersioned(CheckpointState state, OutputStream out, int version) throws IOException {
        Output output = new Output(out, BUFFER_BYTES);
        try {
            output.writeInt(MAGIC);
            output.writeInt(version);
            newKryo(FORMAT_VERSION, Long.MAX_VALUE).writeClassAndObject(output, state);
            output.writeInt(END_MARKER);
            output.flush();
        } catch (KryoException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e);
        }
    }

    /**
     * Reads a checkpoint file.
     *
     * @throws CheckpointFormatException if it is of a format version this build does not read
     * @throws CheckpointCorruptException if it is damaged, truncated or not a checkpoint
     */
    public CheckpointState read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), file.toString());
        }
    }

    /**
     * Reads a checkpoint of {@code sizeBytes} bytes from {@code in}, which must hold nothing else.
     *
     * @param source the file or stream name for messages
     * @throws CheckpointFormatException if it is of a format version this build does not read
     * @throws CheckpointCorruptException if it is damaged, truncated or not a checkpoint
     */
    public CheckpointState read(InputStream in, long sizeBytes, String source) throws IOException {
        Input input = new Input(in, BUFFER_BYTES);
        try {
            int magic = input.readInt();
            if (magic != MAGIC) {
                throw new CheckpointCorruptException("checkpoint " + source + ": not an fdc checkpoint (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int version = input.readInt();
            if (version < MIN_READABLE_VERSION || version > FORMAT_VERSION) {
                throw new CheckpointFormatException(source, version, MIN_READABLE_VERSION, FORMAT_VERSION);
            }
            Object state = newKryo(version, sizeBytes).readClassAndObject(input);
            if (!(state instanceof CheckpointState checkpoint)) {
                throw new CheckpointCorruptException("checkpoint " + source + ": holds no state");
            }
            if (input.readInt() != END_MARKER || !input.end()) {
                throw new CheckpointCorruptException("checkpoint " + source + ": bad end marker or trailing bytes");
            }
            return checkpoint;
        } catch (KryoException | IllegalArgumentException | NullPointerException e) {
            throw new CheckpointCorruptException(
                    "checkpoint " + source + " is damaged or truncated: " + e.getMessage(), e);
        }
    }

    private static Kryo newKryo(int formatVersion, long byteLimit) {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(
                CheckpointState.class, new CheckpointStateSerializer(formatVersion, byteLimit), STATE_REGISTRATION_ID);
        return kryo;
    }
}
