package dev.fdc.coordinator.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one run directory.
 *
 * <h2>Write protocol</h2>
 *
 * {@link #write} refuses a state whose epoch is older than the newest epoch on disk ({@link
 * StaleEpochException}); otherwise it writes the data file {@code ckpt-<epoch>-<k>-<n>-<version>.kryo}
 * and then its manifest {@code ….manifest.json} (file name, size, SHA-256, epoch), each through
 * {@link AtomicFileWriter} (temp file, fsync, atomic rename, directory fsync). The manifest is
 * written last: a data file without a valid manifest is incomplete. Only once the manifest is
 * durable are older checkpoints deleted, keeping the newest {@code retained} complete ones (and
 * dropping incomplete leftovers older than the newest complete one).
 *
 * <h2>Restore</h2>
 *
 * {@link #restoreLatest} walks the checkpoints newest first and returns the first whose manifest
 * parses, whose data file has the manifest's size and SHA-256, and which decodes; each one passed
 * over is logged as a warning naming the file and the reason, and listed in the result. A
 * checkpoint of an unknown format version is intact, so it is refused ({@link
 * CheckpointFormatException}), not skipped. Nothing half-written is ever loaded.
 *
 * <p>One coordinator writes a directory at a time (the cluster singleton); the epoch check fences
 * a zombie incarnation that comes back after a newer one wrote, it is not a cross-process lock.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final Path directory;
    private final int retained;
    private final CheckpointCodec codec = new CheckpointCodec();
    private final EpochFile epochFile;

    /**
     * Opens (and creates, if missing) a checkpoint directory.
     *
     * @param retained how many complete checkpoints to keep, at least 1
     */
    public CheckpointStore(Path directory, int retained) throws IOException {
        if (retained < 1) {
            throw new IllegalArgumentException("retained = " + retained + ": expected at least 1");
        }
        this.directory = Files.createDirectories(directory);
        this.retained = retained;
        this.epochFile = new EpochFile(directory);
    }

    /**
     * Durably writes a checkpoint and then prunes older ones.
     *
     * @return the written checkpoint's key
     * @throws StaleEpochException if a newer epoch than the state's is on disk
     * @throws IllegalStateException if a complete checkpoint with the same key exists
     */
    public CheckpointKey write(CheckpointState state) throws IOException {
        CheckpointKey key = state.key();
        requireNotStale(state.epoch(), "checkpoint " + key.dataFileName());
        Path manifestPath = directory.resolve(key.manifestFileName());
        if (Files.exists(manifestPath)) {
            throw new IllegalStateException("checkpoint " + key.dataFileName() + " already exists in " + directory
                    + ": a checkpoint is written once");
        }
        WrittenFile data =
                AtomicFileWriter.write(directory.resolve(key.dataFileName()), out -> codec.write(state, out));
        byte[] manifest = new CheckpointManifest(key.dataFileName(), data.bytes(), data.sha256(), key.epoch()).toJson();
        AtomicFileWriter.write(manifestPath, out -> out.write(manifest));
        prune();
        return key;
    }

    /** The newest complete, verified checkpoint, if any; see {@link #restoreLatest()}. */
    public Optional<CheckpointState> loadLatest() throws IOException {
        return restoreLatest().state();
    }

    /**
     * Finds the newest complete checkpoint that verifies, skipping (with a warning) newer ones that
     * are incomplete or damaged.
     *
     * @throws CheckpointFormatException if the newest intact checkpoint is of an unreadable version
     */
    public RestoreResult restoreLatest() throws IOException {
        Listing listing = list();
        List<SkippedCheckpoint> skipped = new ArrayList<>();
        for (CheckpointKey key : listing.all().descendingSet()) {
            Path data = directory.resolve(key.dataFileName());
            try {
                CheckpointState state = verifyAndRead(key, listing);
                return new RestoreResult(Optional.of(state), Optional.of(data), skipped);
            } catch (CheckpointCorruptException | NoSuchFileException e) {
                Path culprit = listing.data().contains(key) ? data : directory.resolve(key.manifestFileName());
                String reason = e instanceof NoSuchFileException ? "vanished while reading" : e.getMessage();
                LOG.warn("Skipping checkpoint {}: {}; falling back to the previous complete one", culprit, reason);
                skipped.add(new SkippedCheckpoint(culprit, reason));
            }
        }
        return new RestoreResult(Optional.empty(), Optional.empty(), skipped);
    }

    /**
     * Durably records the epoch a (re)started coordinator runs under; call it before issuing tasks.
     *
     * @throws StaleEpochException if a newer epoch is on disk
     */
    public void persistEpoch(long epoch) throws IOException {
        requireNotStale(epoch, "epoch " + epoch);
        epochFile.write(epoch);
    }

    /** The epoch last persisted by {@link #persistEpoch}, if any. */
    public OptionalLong readEpoch() throws IOException {
        return epochFile.read();
    }

    /** The newest epoch on disk: the epoch file or any checkpoint file name, whichever is newer. */
    public OptionalLong newestEpoch() throws IOException {
        OptionalLong persisted = epochFile.read();
        long newest = persisted.orElse(-1);
        for (CheckpointKey key : list().all()) {
            newest = Math.max(newest, key.epoch());
        }
        return newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest);
    }

    /** Takes the epoch after {@link #newestEpoch()} (0 in a fresh directory) and persists it. */
    public long takeNewEpoch() throws IOException {
        long epoch = newestEpoch().orElse(-1) + 1;
        persistEpoch(epoch);
        return epoch;
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    private void requireNotStale(long epoch, String what) throws IOException {
        OptionalLong newest = newestEpoch();
        if (newest.isPresent() && epoch < newest.getAsLong()) {
            throw new StaleEpochException("refusing to write " + what + " of epoch " + epoch + " into "
                    + directory + ": epoch " + newest.getAsLong()
                    + " is already on disk, so a newer coordinator owns this run");
        }
    }

    private CheckpointState verifyAndRead(CheckpointKey key, Listing listing) throws IOException {
        Path data = directory.resolve(key.dataFileName());
        Path manifestPath = directory.resolve(key.manifestFileName());
        if (!listing.manifests().contains(key)) {
            throw new CheckpointCorruptException(
                    "no manifest " + key.manifestFileName() + ": the write did not complete");
        }
        if (!listing.data().contains(key)) {
            throw new CheckpointCorruptException("its data file " + key.dataFileName() + " is missing");
        }
        CheckpointManifest manifest =
                CheckpointManifest.parse(Files.readAllBytes(manifestPath), manifestPath.toString());
        if (!manifest.file().equals(key.dataFileName()) || manifest.epoch() != key.epoch()) {
            throw new CheckpointCorruptException("manifest " + manifestPath + " names " + manifest.file() + " of epoch "
                    + manifest.epoch() + ", expected " + key.dataFileName());
        }
        long size = Files.size(data);
        if (size != manifest.bytes()) {
            throw new CheckpointCorruptException(
                    "it has " + size + " bytes, its manifest says " + manifest.bytes() + " (truncated or overwritten)");
        }
        String sha256 = AtomicFileWriter.sha256Of(data);
        if (!sha256.equals(manifest.sha256())) {
            throw new CheckpointCorruptException(
                    "its SHA-256 is " + sha256 + ", its manifest says " + manifest.sha256() + " (corrupted)");
        }
        CheckpointState state = codec.read(data);
        if (!state.key().equals(key)) {
            throw new CheckpointCorruptException(
                    "it holds checkpoint " + state.key().dataFileName() + ", not what its name says");
        }
        return state;
    }

    /** Deletes complete checkpoints beyond the newest {@code retained}, and older incomplete ones. */
    private void prune() throws IOException {
        Listing listing = list();
        NavigableSet<CheckpointKey> complete = new TreeSet<>(listing.manifests());
        complete.retainAll(listing.data());
        if (complete.isEmpty()) {
            return;
        }
        List<CheckpointKey> kept =
                new ArrayList<>(complete.descendingSet()).subList(0, Math.min(retained, complete.size()));
        boolean deleted = false;
        for (CheckpointKey key : listing.all().headSet(complete.last(), false)) {
            if (!kept.contains(key)) {
                deleted |= Files.deleteIfExists(directory.resolve(key.manifestFileName()));
                deleted |= Files.deleteIfExists(directory.resolve(key.dataFileName()));
            }
        }
        if (deleted) {
            AtomicFileWriter.fsyncDirectory(directory);
        }
    }

    private Listing list() throws IOException {
        Listing listing = new Listing(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                CheckpointKey.ofFileName(name).ifPresent(key -> {
                    (CheckpointKey.isDataFileName(name) ? listing.data() : listing.manifests()).add(key);
                    listing.all().add(key);
                });
            }
        }
        return listing;
    }

    /** The checkpoint files of the directory at one moment, by key. */
    private record Listing(
            NavigableSet<CheckpointKey> data, NavigableSet<CheckpointKey> manifests, NavigableSet<CheckpointKey> all) {}
}
