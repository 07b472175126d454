package dev.fdc.gpu.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The published toy models and test vectors in {@code ../shared/fixtures} beside the checkout
 * (system property {@code fdc.fixtures}, set by the build). Tests that need them skip, saying
 * why, where the folder does not exist.
 */
public final class Fixtures {

    private Fixtures() {}

    /** The fixtures folder, or a skipped test with the reason printed. */
    public static Path require(String file) {
        String dir = System.getProperty("fdc.fixtures", "../../shared/fixtures");
        Path p = Paths.get(dir).toAbsolutePath().normalize().resolve(file);
        boolean present = Files.isRegularFile(p);
        if (!present) {
            System.err.println("[fixtures] skipping: " + p
                    + " does not exist (fixtures live in ../shared/fixtures beside the checkout)");
        }
        assumeTrue(present, "fixture " + p + " does not exist; tests that need ../shared/fixtures are skipped");
        return p;
    }
}
