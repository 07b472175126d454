package dev.fdc.coordinator.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a file so that a reader sees either the old content or the complete new one, never a
 * part: content goes to a temp file in the same directory, is forced to disk ({@code
 * FileChannel.force(true)}), renamed over the target with {@code ATOMIC_MOVE}, and then the
 * directory is fsynced so the rename itself survives a crash. If anything fails before the rename,
 * the temp file is deleted and the target is untouched. Temp files are named {@code
 * .<target>.<random>.tmp}; readers ignore them.
 */
public final class AtomicFileWriter {

    /** Produces a file's content. It may close the stream; that only flushes it. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file's content to a path (for libraries that write files themselves). */
    @FunctionalInterface
    public interface FileContent {
        /** Writes the complete content into {@code temporary}, an existing empty file. */
        void writeTo(Path temporary) throws IOException;
    }

    private static final int BUFFER_BYTES = 1 << 16;

    private AtomicFileWriter() {}

    /** Durably replaces {@code target} with {@code text} in UTF-8. */
    public static WrittenFile writeString(Path target, String text) throws IOException {
        return write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Durably replaces {@code target} with the file {@code content} writes into a temp file next to
     * it (creating the directory if needed); same guarantees as {@link #write}.
     */
    public static void writeFile(Path target, FileContent content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean renamed = false;
        try {
            content.writeTo(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
            fsyncDirectory(dir);
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Durably replaces {@code target} with the content.
     *
     * @return the written file with its size and SHA-256
     * @throws IOException if any step fails; then {@code target} is as it was and no temp file stays
     */
    public static WrittenFile write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean renamed = false;
        try {
            MessageDigest sha = sha256();
            long bytes;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var out = new DigestingStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES), sha);
                content.writeTo(out);
                out.flush();
                channel.force(true);
                bytes = channel.size();
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
            fsyncDirectory(dir);
            return new WrittenFile(target, bytes, HexFormat.of().formatHex(sha.digest()));
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Forces a directory's entries (creations, renames, deletions) to disk. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** The SHA-256 of a file's content, lower-case hex. */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Hashes what passes through; {@code close()} only flushes (the channel is ours to close). */
    private static final class DigestingStream extends OutputStream {
        private final OutputStream out;
        private final MessageDigest sha;

        DigestingStream(OutputStream out, MessageDigest sha) {
            this.out = out;
            this.sha = sha;
        }

        @Override
        public void write(int b) throws IOException {
            sha.update((byte) b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sha.update(b, off, len);
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
