package dev.fdc.cli.output;

import dev.fdc.cli.BadInputException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock of a run directory: an OS file lock on {@code RUN_DIR/.lock}, held by the one process
 * that runs the run, released when it closes or the process dies (kill -9 included), so two
 * processes never write the same run directory. The file records the holder's pid for the message
 * another process gets.
 */
public final class RunLock implements Closeable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file}.
     *
     * @throws BadInputException naming the directory and the holder's pid if another process holds it
     */
    static RunLock take(Path file) throws IOException {
        FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            ch.close();
            throw new BadInputException(
                    file.getParent().toString(),
                    "the run directory is in use by another fdc process" + (holder.isEmpty() ? "" : " (" + holder + ")")
                            + "; wait for it to end, or stop it, before running this one");
        }
        ch.truncate(0);
        ch.write(
                java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new RunLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
