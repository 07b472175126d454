package dev.fdc.coordinator.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesContentAndReportsSizeAndSha256() throws IOException {
        Path target = dir.resolve("f");
        WrittenFile written =
                AtomicFileWriter.write(target, out -> out.write("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(3, written.bytes());
        // SHA-256("abc"), FIPS 180-2 appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", written.sha256());
        assertEquals(written.sha256(), AtomicFileWriter.sha256Of(target));
        assertEquals(List.of("f"), names());
    }

    @Test
    void replacesAnExistingFileAndToleratesAClosedStream() throws IOException {
        Path target = dir.resolve("f");
        Files.writeString(target, "old");
        AtomicFileWriter.write(target, out -> {
            out.write(new byte[] {1, 2});
            out.close();
        });
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(target));
        assertEquals(List.of("f"), names());
    }

    @Test
    void failureLeavesTheTargetUntouchedAndNoTempFile() throws IOException {
        Path target = dir.resolve("f");
        Files.writeString(target, "old");
        assertThrows(
                IOException.class,
                () -> AtomicFileWriter.write(target, out -> {
                    out.write(new byte[100_000]);
                    throw new IOException("disk full");
                }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("f"), names());

        Path fresh = dir.resolve("g");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFileWriter.write(fresh, out -> {
                    throw new IllegalStateException("bug");
                }));
        assertFalse(Files.exists(fresh));
        assertEquals(List.of("f"), names());
    }
}
