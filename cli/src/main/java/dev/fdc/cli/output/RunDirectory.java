package dev.fdc.cli.output;

import dev.fdc.cli.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * The layout of a run directory:
 *
 * <pre>
 * RUN_DIR/
 *   config.conf             the resolved config (written last at creation: its presence marks a complete setup)
 *   run.id                  the run id every task and checkpoint carries (so the directory may be moved)
 *   .lock                   held by the fdc process that owns the run while it runs
 *   pretrained.safetensors  the run's own copy of the pre-trained model (or pretrained.pt)
 *   metrics.jsonl           one JSON object per line (MetricsWriter)
 *   checkpoints/            the backend's checkpoints
 *   plots/                  samples-before-after.png, objective.png, am-steps.png
 *   final.safetensors       θ_K, exported when the run completes
 * </pre>
 */
public record RunDirectory(Path root) {

    /** The resolved config. */
    public Path config() {
        return root.resolve("config.conf");
    }

    /** The metrics file. */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** The backend's checkpoint folder. */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** The plot folder. */
    public Path plots() {
        return root.resolve("plots");
    }

    /** TensorBoard event files ({@code tensorboard --logdir RUN_DIR/tensorboard}). */
    public Path tensorBoard() {
        return root.resolve("tensorboard");
    }

    /** θ_K as safetensors. */
    public Path finalModel() {
        return root.resolve("final.safetensors");
    }

    /** The run's copy of the pre-trained model, keeping the extension of {@code original}. */
    public Path pretrained(Path original) {
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return root.resolve("pretrained" + (dot >= 0 ? name.substring(dot) : ".safetensors"));
    }

    /**
     * A fresh name under ./runs: runs/YYYYMMDD-HHMMSS-xxxx, the suffix random, so two runs started
     * in the same second never share a directory.
     */
    public static Path defaultLocation() {
        String suffix = String.format("%04x", new java.security.SecureRandom().nextInt(1 << 16));
        return Path.of(
                "runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + suffix);
    }

    /** The file holding the run id. */
    public Path runIdFile() {
        return root.resolve("run.id");
    }

    /**
     * The run id: the content of {@code run.id}, or (a run directory made before that file existed)
     * the directory's name.
     */
    public String runId() throws IOException {
        if (Files.isRegularFile(runIdFile())) {
            String id = Files.readString(runIdFile()).strip();
            if (!id.matches("[A-Za-z0-9._-]+")) {
                throw new BadInputException(
                        runIdFile().toString(),
                        "holds '" + id + "', expected a run id of letters, digits, '.', '_' or '-'");
            }
            return id;
        }
        return root.toAbsolutePath().normalize().getFileName().toString();
    }

    /** A new run id for this directory: its name where that is a valid id, made valid otherwise. */
    public String newRunId() {
        String name = root.toAbsolutePath().normalize().getFileName().toString();
        String id = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return id.isEmpty() ? "run" : id;
    }

    /**
     * Takes the directory's lock for this process (released when the returned lock closes or the
     * process ends).
     *
     * @throws BadInputException if another process holds it
     */
    public RunLock lock() throws IOException {
        return RunLock.take(root.resolve(".lock"));
    }

    /** Checks that {@code root} can become a new run directory (absent or empty); creates nothing. */
    public static RunDirectory checkNew(Path root, String flag) {
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new BadInputException(flag, root + " exists and is not a directory");
            }
            try (Stream<Path> s = Files.list(root)) {
                if (s.findAny().isPresent()) {
                    throw new BadInputException(
                            flag,
                            root + " already exists and is not empty; "
                                    + "choose a new directory, or continue that run with fdc resume " + root);
                }
            } catch (IOException e) {
                throw new BadInputException(flag, "cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return new RunDirectory(root);
    }

    /** Creates the directory and its checkpoints/ and plots/ folders. */
    public void create() throws IOException {
        Files.createDirectories(checkpoints());
        Files.createDirectories(plots());
    }

    /** An existing, completely set-up run directory (for resume). */
    public static RunDirectory existing(Path root, String subject) {
        RunDirectory d = new RunDirectory(root);
        if (!Files.isDirectory(root)) {
            throw new BadInputException(subject, root + " is not a directory");
        }
        if (!Files.isRegularFile(d.config())) {
            throw new BadInputException(
                    subject, root + " has no config.conf; expected a run directory made by fdc train");
        }
        return d;
    }
}
