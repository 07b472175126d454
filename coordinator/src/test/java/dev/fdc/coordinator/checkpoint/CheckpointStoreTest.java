package dev.fdc.coordinator.checkpoint;

import static dev.fdc.coordinator.checkpoint.TestingCheckpoints.assertBitIdentical;
import static dev.fdc.coordinator.checkpoint.TestingCheckpoints.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.ledger.GradientVerdict;
import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.coordinator.ledger.TaskFailurePolicy;
import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.coordinator.ledger.TaskLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing: names, manifest, retention, epoch fencing. */
class CheckpointStoreTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeCreatesDataFileAndAManifestThatDescribesIt() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        CheckpointKey key = store.write(sample(2, 1, 5, 40));

        assertEquals(new CheckpointKey(2, 1, 5, 40), key);
        assertEquals(List.of("ckpt-2-1-5-40.kryo", "ckpt-2-1-5-40.manifest.json"), names());
        Path data = dir.resolve("ckpt-2-1-5-40.kryo");
        CheckpointManifest manifest =
                CheckpointManifest.parse(Files.readAllBytes(dir.resolve("ckpt-2-1-5-40.manifest.json")), "manifest");
        assertEquals(
                new CheckpointManifest("ckpt-2-1-5-40.kryo", Files.size(data), AtomicFileWriter.sha256Of(data), 2),
                manifest);
    }

    @Test
    void writtenStateLoadsBackBitForBit() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        CheckpointState state = sample(1, 3, 7, 99, 10_000);
        store.write(state);
        assertBitIdentical(state, new CheckpointStore(dir, 3).loadLatest().orElseThrow());
    }

    @Test
    void keepsOnlyTheLastNCompleteCheckpoints() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 2);
        for (int version = 1; version <= 5; version++) {
            store.write(sample(1, 1, version, version));
        }
        assertEquals(
                List.of(
                        "ckpt-1-1-4-4.kryo",
                        "ckpt-1-1-4-4.manifest.json",
                        "ckpt-1-1-5-5.kryo",
                        "ckpt-1-1-5-5.manifest.json"),
                names());
        assertEquals(5, store.loadLatest().orElseThrow().parameterVersion());
    }

    @Test
    void retentionAlsoDropsOlderIncompleteLeftovers() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 1);
        store.write(sample(1, 1, 1, 1));
        Files.write(dir.resolve("ckpt-1-1-2-2.kryo"), new byte[] {1, 2, 3}); // crashed before manifest
        store.write(sample(1, 1, 3, 3));
        assertEquals(List.of("ckpt-1-1-3-3.kryo", "ckpt-1-1-3-3.manifest.json"), names());
    }

    @Test
    void writeOfAnOlderEpochThanOnDiskIsRefused() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        store.write(sample(4, 1, 1, 10));
        var e = assertThrows(StaleEpochException.class, () -> store.write(sample(3, 2, 1, 11)));
        assertTrue(
                e.getMessage().contains("of epoch 3") && e.getMessage().contains("epoch 4 is already"), e.getMessage());
        assertEquals(List.of("ckpt-4-1-1-10.kryo", "ckpt-4-1-1-10.manifest.json"), names());

        store.persistEpoch(6);
        assertThrows(StaleEpochException.class, () -> store.write(sample(5, 2, 1, 11)));
        store.write(sample(6, 2, 1, 11));
        assertEquals(6, store.loadLatest().orElseThrow().epoch());
    }

    @Test
    void aCompleteCheckpointIsNotOverwritten() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        store.write(sample(1, 1, 1, 1));
        assertThrows(IllegalStateException.class, () -> store.write(sample(1, 1, 1, 1)));
    }

    @Test
    void epochIsPersistedDurablyAndNeverGoesBack() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        assertEquals(OptionalLong.empty(), store.readEpoch());
        assertEquals(0, store.takeNewEpoch());
        store.persistEpoch(5);
        assertEquals(OptionalLong.of(5), new CheckpointStore(dir, 3).readEpoch());
        var e = assertThrows(StaleEpochException.class, () -> store.persistEpoch(4));
        assertTrue(e.getMessage().contains("epoch 5"), e.getMessage());
        assertEquals(6, store.takeNewEpoch());
        assertEquals(OptionalLong.of(6), store.readEpoch());
    }

    @Test
    void newEpochIsAboveCheckpointEpochsEvenWithoutAnEpochFile() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        store.write(sample(7, 1, 1, 1));
        assertEquals(OptionalLong.empty(), store.readEpoch());
        assertEquals(8, store.takeNewEpoch());
    }

    @Test
    void ledgerCountersSurviveARestartThroughACheckpoint() throws IOException {
        var clock = java.time.Clock.systemUTC();
        var ledger = new TaskLedger("run-1", 1, new TaskFailurePolicy(2), Duration.ofSeconds(5), clock);
        TaskKey id = ledger.taskId(1, 1, 0);
        ledger.issue(id);
        ledger.receiveGradient(id);
        ledger.markApplied(id);
        ledger.receiveGradient(id);
        CheckpointState state = CheckpointState.builder()
                .setRunId("run-1")
                .setPosition(1, 1, 1, 1)
                .setParameters(new float[1])
                .setBase(0, new float[1])
                .setOptimizer(new OptimizerState(new float[1], new float[1], 1))
                .optLedgerCounters(ledger.counters().toEnumMap())
                .build();
        CheckpointStore store = new CheckpointStore(dir, 1);
        store.write(state);

        long epoch = store.takeNewEpoch();
        var restarted = new TaskLedger("run-1", epoch, new TaskFailurePolicy(2), Duration.ofSeconds(5), clock);
        restarted.counters().restore(store.loadLatest().orElseThrow().ledgerCounters());
        assertEquals(2, epoch);
        assertEquals(1, restarted.counters().get(LedgerCounter.APPLIED));
        assertEquals(1, restarted.counters().get(LedgerCounter.DUPLICATES_DROPPED));
        assertEquals(GradientVerdict.STALE_EPOCH, restarted.receiveGradient(id));
    }

    @Test
    void damagedEpochFileIsAnErrorNamingIt() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        Files.writeString(dir.resolve("epoch"), "seven");
        var e = assertThrows(CheckpointCorruptException.class, store::readEpoch);
        assertTrue(
                e.getMessage().contains(dir.resolve("epoch").toString())
                        && e.getMessage().contains("'seven'"),
                e.getMessage());
    }
}
