package dev.fdc.coordinator.checkpoint;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which checkpoint a file holds: coordinator epoch, mirror step {@code k}, AM step {@code n} and
 * parameter version. Ordered by {@code (epoch, k, n, version)}: the greatest is the newest. The
 * data file is {@code ckpt-<epoch>-<k>-<n>-<version>.kryo}, its manifest {@code
 * ckpt-<epoch>-<k>-<n>-<version>.manifest.json}.
 *
 * @param epoch coordinator epoch, at least 0
 * @param mirrorStep mirror step k, at least 0
 * @param amStep AM step n, at least 0
 * @param parameterVersion parameter version, at least 0
 */
public record CheckpointKey(long epoch, int mirrorStep, int amStep, long parameterVersion)
        implements Comparable<CheckpointKey> {

    private static final String DATA_SUFFIX = ".kryo";
    private static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final Pattern NAME =
            Pattern.compile("ckpt-(\\d{1,18})-(\\d{1,9})-(\\d{1,9})-(\\d{1,18})(\\.kryo|\\.manifest\\.json)");
    private static final Comparator<CheckpointKey> ORDER = Comparator.comparingLong(CheckpointKey::epoch)
            .thenComparingInt(CheckpointKey::mirrorStep)
            .thenComparingInt(CheckpointKey::amStep)
            .thenComparingLong(CheckpointKey::parameterVersion);

    /** Checks every component is at least 0. */
    public CheckpointKey {
        if (epoch < 0 || mirrorStep < 0 || amStep < 0 || parameterVersion < 0) {
            throw new IllegalArgumentException("checkpoint key " + epoch + "-" + mirrorStep + "-" + amStep + "-"
                    + parameterVersion + ": expected every component at least 0");
        }
    }

    /** The key of a data or manifest file name, if it is one. */
    public static Optional<CheckpointKey> ofFileName(String fileName) {
        var m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new CheckpointKey(
                Long.parseLong(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                Long.parseLong(m.group(4))));
    }

    /** Whether the file name is a data file (not a manifest). */
    public static boolean isDataFileName(String fileName) {
        return fileName.endsWith(DATA_SUFFIX);
    }

    /** {@code ckpt-<epoch>-<k>-<n>-<version>.kryo}. */
    public String dataFileName() {
        return stem() + DATA_SUFFIX;
    }

    /** {@code ckpt-<epoch>-<k>-<n>-<version>.manifest.json}. */
    public String manifestFileName() {
        return stem() + MANIFEST_SUFFIX;
    }

    @Override
    public int compareTo(CheckpointKey other) {
        return ORDER.compare(this, other);
    }

    private String stem() {
        return "ckpt-" + epoch + "-" + mirrorStep + "-" + amStep + "-" + parameterVersion;
    }
}
