package dev.fdc.protocol;

import dev.fdc.protocol.v1.ParameterVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stable string form of a {@link ParameterVersion}: {@code e<epoch>/v<version>}, e.g. {@code e2/v17}. */
public final class ParameterVersionFormat {

    private static final Pattern FORM = Pattern.compile("e(-?\\d+)/v(-?\\d+)");

    private ParameterVersionFormat() {}

    /** Returns the string form of {@code version}. */
    public static String format(ParameterVersion version) {
        return "e" + version.getEpoch() + "/v" + version.getVersion();
    }

    /**
     * Returns the parameter version whose string form is {@code text}.
     *
     * @throws IllegalArgumentException if {@code text} is not of that form, saying what was expected
     */
    public static ParameterVersion parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "parameter version \"" + text + "\" is not of the form e<epoch>/v<version>");
        }
        try {
            return ParameterVersion.newBuilder()
                    .setEpoch(Long.parseLong(m.group(1)))
                    .setVersion(Long.parseLong(m.group(2)))
                    .build();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter version \"" + text + "\" has a number out of range", e);
        }
    }
}
