package dev.fdc.cli.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file completely or not at all: into a temporary file next to the target, fsynced, then
 * renamed over the target. A reader never sees a half-written file; a crash leaves at most a
 * {@code .tmp} file behind.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** Lets {@code content} write a temporary file, then renames it to {@code target}. */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            content.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
