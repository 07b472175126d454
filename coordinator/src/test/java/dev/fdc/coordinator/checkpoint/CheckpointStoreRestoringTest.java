package dev.fdc.coordinator.checkpoint;

import static dev.fdc.coordinator.checkpoint.TestingCheckpoints.assertBitIdentical;
import static dev.fdc.coordinator.checkpoint.TestingCheckpoints.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Restoring: the newest complete, verified checkpoint wins; nothing half-written is loaded. */
class CheckpointStoreRestoringTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private Logger storeLogger;
    private CheckpointStore store;
    private CheckpointState older;
    private CheckpointState newest;

    @BeforeEach
    void writeTwoCheckpoints() throws IOException {
        storeLogger = assertInstanceOf(Logger.class, LoggerFactory.getLogger(CheckpointStore.class));
        warnings.start();
        storeLogger.addAppender(warnings);
        store = new CheckpointStore(dir, 5);
        older = sample(1, 1, 1, 10);
        newest = sample(1, 1, 2, 11);
        store.write(older);
        store.write(newest);
    }

    @AfterEach
    void detachAppender() {
        storeLogger.detachAppender(warnings);
    }

    private Path newestData() {
        return dir.resolve(newest.key().dataFileName());
    }

    private void assertFellBackToOlder(String reasonFragment) throws IOException {
        RestoreResult result = store.restoreLatest();
        assertBitIdentical(older, result.state().orElseThrow());
        assertEquals(dir.resolve(older.key().dataFileName()), result.file().orElseThrow());
        assertEquals(1, result.skipped().size(), result.skipped().toString());
        SkippedCheckpoint skipped = result.skipped().get(0);
        assertTrue(skipped.file().getFileName().toString().startsWith("ckpt-1-1-2-11."), skipped.toString());
        assertTrue(skipped.reason().contains(reasonFragment), skipped.reason());

        List<ILoggingEvent> logged =
                warnings.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, logged.size());
        String message = logged.get(0).getFormattedMessage();
        assertTrue(message.contains(skipped.file().toString()) && message.contains(reasonFragment), message);
    }

    @Test
    void intactNewestWinsWithoutWarnings() throws IOException {
        RestoreResult result = store.restoreLatest();
        assertBitIdentical(newest, result.state().orElseThrow());
        assertEquals(List.of(), result.skipped());
        assertEquals(List.of(), warnings.list);
    }

    @Test
    void flippedByteInNewestFallsBackToPreviousAndWarnsNamingTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(newestData());
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(newestData(), bytes);
        assertFellBackToOlder("SHA-256");
    }

    @Test
    void truncatedNewestFallsBackToPrevious() throws IOException {
        byte[] bytes = Files.readAllBytes(newestData());
        Files.write(newestData(), Arrays.copyOf(bytes, bytes.length - 7));
        assertFellBackToOlder("truncated");
    }

    @Test
    void newestWithoutManifestIsIncomplete() throws IOException {
        Files.delete(dir.resolve(newest.key().manifestFileName()));
        assertFellBackToOlder("no manifest");
    }

    @Test
    void damagedManifestMakesNewestIncomplete() throws IOException {
        Files.writeString(dir.resolve(newest.key().manifestFileName()), "{\"file\":");
        assertFellBackToOlder("not a JSON object");
    }

    @Test
    void manifestWithoutItsDataFileIsIncomplete() throws IOException {
        Files.delete(newestData());
        assertFellBackToOlder("missing");
    }

    @Test
    void crashStatesAreNeverLoaded() throws IOException {
        // A temp file left by a crash before the rename, and a renamed data file of a newer
        // checkpoint whose manifest was never written: neither is loaded.
        byte[] newer = Files.readAllBytes(newestData());
        Files.write(dir.resolve(".ckpt-1-1-3-12.kryo.4711.tmp"), newer);
        Files.write(dir.resolve("ckpt-1-1-3-12.kryo"), Arrays.copyOf(newer, newer.length / 3));
        RestoreResult result = store.restoreLatest();
        assertBitIdentical(newest, result.state().orElseThrow());
        assertEquals(
                List.of(new SkippedCheckpoint(
                        dir.resolve("ckpt-1-1-3-12.kryo"),
                        "no manifest ckpt-1-1-3-12.manifest.json: the write did not complete")),
                result.skipped());
    }

    @Test
    void everythingDamagedOrAnEmptyDirectoryGivesNothing() throws IOException {
        Files.write(newestData(), new byte[] {0});
        Files.write(dir.resolve(older.key().dataFileName()), new byte[] {0});
        RestoreResult result = store.restoreLatest();
        assertTrue(result.state().isEmpty());
        assertEquals(2, result.skipped().size());
        assertTrue(new CheckpointStore(dir.resolve("fresh"), 1).loadLatest().isEmpty());
    }

    @Test
    void intactCheckpointOfAnotherFormatVersionIsRefusedNotSkipped() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // format version 1: what fdc wrote before the typed run fields
        new CheckpointCodec().writeVersioned(sample(1, 1, 3, 12), out, 1);
        CheckpointKey key = new CheckpointKey(1, 1, 3, 12);
        WrittenFile data = AtomicFileWriter.write(dir.resolve(key.dataFileName()), o -> o.write(out.toByteArray()));
        AtomicFileWriter.write(
                dir.resolve(key.manifestFileName()),
                o -> o.write(new CheckpointManifest(key.dataFileName(), data.bytes(), data.sha256(), 1).toJson()));

        var e = assertThrows(CheckpointFormatException.class, store::restoreLatest);
        assertTrue(e.getMessage().contains(data.path() + " has format version 1"), e.getMessage());
        assertTrue(e.getMessage().contains("reads format versions 2 to 2"), e.getMessage());
    }
}
