package dev.fdc.coordinator.ledger;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one task of a run: run id, coordinator epoch, mirror step {@code k}, AM step
 * {@code n} and task index within that step.
 *
 * <p>Task ids are ordered by {@code (epoch, k, n, index)} (then run id, to stay consistent with
 * {@link #equals}); every reduction of the coordinator runs in this order. The string form
 * {@code <runId>/e<epoch>/k<k>/n<n>/i<index>} is stable: it is written to logs and checkpoints
 * and read back by {@link #parse(String)}.
 *
 * @param runId the run id: letters, digits, {@code .}, {@code _} or {@code -}
 * @param epoch the coordinator epoch that issued the task, at least 0
 * @param mirrorStep the mirror step {@code k}, at least 0
 * @param amStep the AM step {@code n} within the mirror step, at least 0 (0 for estimation tasks)
 * @param index the task index within the step, at least 0
 */
public record TaskKey(String runId, long epoch, int mirrorStep, int amStep, int index) implements Comparable<TaskKey> {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern FORM = Pattern.compile("([A-Za-z0-9._-]+)/e(\\d+)/k(\\d+)/n(\\d+)/i(\\d+)");
    private static final Comparator<TaskKey> ORDER = Comparator.comparingLong(TaskKey::epoch)
            .thenComparingInt(TaskKey::mirrorStep)
            .thenComparingInt(TaskKey::amStep)
            .thenComparingInt(TaskKey::index)
            .thenComparing(TaskKey::runId);

    /** Checks the components; throws {@link IllegalArgumentException} naming the bad one. */
    public TaskKey {
        Objects.requireNonNull(runId, "runId");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId '" + runId + "': expected letters, digits, '.', '_' or '-'");
        }
        requireNonNegative("epoch", epoch);
        requireNonNegative("mirrorStep", mirrorStep);
        requireNonNegative("amStep", amStep);
        requireNonNegative("index", index);
    }

    /** The ledger key of a wire task id. */
    public static TaskKey of(dev.fdc.protocol.v1.TaskId id) {
        return new TaskKey(
                id.getRunId(), id.getCoordinatorEpoch(), id.getMirrorStep(), id.getAmStep(), id.getTaskIndex());
    }

    /** The wire form of this key. */
    public dev.fdc.protocol.v1.TaskId toProto() {
        return dev.fdc.protocol.v1.TaskId.newBuilder()
                .setRunId(runId)
                .setCoordinatorEpoch(epoch)
                .setMirrorStep(mirrorStep)
                .setAmStep(amStep)
                .setTaskIndex(index)
                .build();
    }

    /**
     * Parses the form written by {@link #toString()}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static TaskKey parse(String text) {
        var m = FORM.matcher(Objects.requireNonNull(text, "text"));
        if (!m.matches()) {
            throw new IllegalArgumentException("task id '" + text + "': expected <runId>/e<epoch>/k<k>/n<n>/i<index>");
        }
        try {
            return new TaskKey(
                    m.group(1),
                    Long.parseLong(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task id '" + text + "': number out of range", e);
        }
    }

    /** Whether this task belongs to the given AM step {@code (k, n)}. */
    public boolean isInStep(int k, int n) {
        return mirrorStep == k && amStep == n;
    }

    @Override
    public int compareTo(TaskKey other) {
        return ORDER.compare(this, other);
    }

    /** The stable string form {@code <runId>/e<epoch>/k<k>/n<n>/i<index>}. */
    @Override
    public String toString() {
        return runId + "/e" + epoch + "/k" + mirrorStep + "/n" + amStep + "/i" + index;
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + ": expected at least 0");
        }
    }
}
