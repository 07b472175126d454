package dev.fdc.protocol;

import dev.fdc.protocol.v1.TaskId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stable string form of a {@link TaskId}: {@code <run_id>/e<epoch>/k<mirror step>/n<AM
 * step>/i<task index>}, e.g. {@code r1/e2/k1/n4/i0}. The run id may itself contain slashes; it is
 * everything before the last four segments.
 */
public final class TaskIdFormat {

    private static final Pattern FORM = Pattern.compile("(.+)/e(-?\\d+)/k(-?\\d+)/n(-?\\d+)/i(-?\\d+)");

    private TaskIdFormat() {}

    /** Returns the string form of {@code id}. */
    public static String format(TaskId id) {
        return id.getRunId() + "/e" + id.getCoordinatorEpoch() + "/k" + id.getMirrorStep() + "/n" + id.getAmStep()
                + "/i" + id.getTaskIndex();
    }

    /**
     * Returns the task id whose string form is {@code text}.
     *
     * @throws IllegalArgumentException if {@code text} is not of that form, saying what was expected
     */
    public static TaskId parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("task id \"" + text
                    + "\" is not of the form <run_id>/e<epoch>/k<mirror step>/n<AM step>/i<task index>");
        }
        try {
            return TaskId.newBuilder()
                    .setRunId(m.group(1))
                    .setCoordinatorEpoch(Long.parseLong(m.group(2)))
                    .setMirrorStep(Integer.parseInt(m.group(3)))
                    .setAmStep(Integer.parseInt(m.group(4)))
                    .setTaskIndex(Integer.parseInt(m.group(5)))
                    .build();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task id \"" + text + "\" has a number out of range", e);
        }
    }
}
