package dev.fdc.coordinator.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The small durable file {@code epoch} holding the newest coordinator epoch of a run directory, as
 * decimal text. A restarted coordinator persists its new epoch here before it issues a task.
 */
final class EpochFile {

    static final String NAME = "epoch";

    private final Path file;

    EpochFile(Path directory) {
        this.file = directory.resolve(NAME);
    }

    /**
     * The persisted epoch, if any.
     *
     * @throws CheckpointCorruptException naming the file and its content if it is not a number
     */
    OptionalLong read() throws IOException {
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            long epoch = Long.parseLong(text);
            if (epoch < 0) {
                throw new NumberFormatException("negative");
            }
            return OptionalLong.of(epoch);
        } catch (NumberFormatException e) {
            throw new CheckpointCorruptException(
                    "epoch file " + file + " holds '" + text + "': expected a whole number ≥ 0", e);
        }
    }

    /** Durably replaces the persisted epoch (no ordering check here; the store does that). */
    void write(long epoch) throws IOException {
        byte[] text = (epoch + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(file, out -> out.write(text));
    }
}
