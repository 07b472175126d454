package dev.fdc.cli.commands;

import dev.fdc.cli.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on flag values that picocli's type conversion cannot express; errors name the flag. */
final class Flags {

    private Flags() {}

    static int atLeast(String flag, int value, int min) {
        if (value < min) {
            throw new BadInputException(flag, "expected an integer ≥ " + min + ", got " + value);
        }
        return value;
    }

    static double positive(String flag, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new BadInputException(flag, "expected a finite number > 0, got " + value);
        }
        return value;
    }

    /** The parent directory of an output file must exist. */
    static Path outputFile(String flag, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException(flag, "directory " + parent + " of " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(flag, file + " is a directory; expected a file name");
        }
        return file;
    }

    /** A comma-separated list of positive widths, e.g. "128,128". */
    static int[] widths(String flag, String value) {
        String[] parts = value.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
            if (out[i] < 1) {
                throw new BadInputException(
                        flag, "expected comma-separated positive widths such as 128,128, got '" + value + "'");
            }
        }
        return out;
    }
}
