package dev.fdc.workers.exec;

import ai.djl.engine.EngineException;
import dev.fdc.protocol.v1.FailureKind;
import java.util.Locale;

/**
 * How a computation's problems become {@link TaskFailure}s, each message starting with the task
 * id's string form:
 *
 * <ul>
 *   <li>bad task fields, unknown reward names, parameters of the wrong size: {@code BAD_INPUT},
 *       not retryable (the same task fails the same way);
 *   <li>a non-finite gradient, loss or sample: {@code NAN}, retryable (the coordinator retries,
 *       then re-seeds);
 *   <li>{@link OutOfMemoryError}, or a libtorch {@link EngineException} that mentions memory
 *       anywhere in its cause chain: {@code OUT_OF_MEMORY}, retryable;
 *   <li>any other exception: {@code EXCEPTION}, retryable.
 * </ul>
 */
final class TaskFailures {

    private TaskFailures() {}

    /** A task whose fields are invalid. */
    static TaskFailure badInput(String task, String problem) {
        return new TaskFailure(FailureKind.FAILURE_KIND_BAD_INPUT, "task " + task + ": " + problem, false, null);
    }

    /** A task whose fields are invalid, found by a library that threw {@code cause}. */
    static TaskFailure badInput(String task, String where, Throwable cause) {
        return new TaskFailure(
                FailureKind.FAILURE_KIND_BAD_INPUT,
                "task " + task + ": " + where + ": " + cause.getMessage(),
                false,
                cause);
    }

    /** {@code f} (from a parameter or content source, a factory) with the task and field prefixed. */
    static TaskFailure named(String task, String field, TaskFailure f) {
        return new TaskFailure(f.kind(), "task " + task + ": " + field + ": " + f.getMessage(), f.retryable(), f);
    }

    /** A non-finite result. */
    static TaskFailure nan(String task, String problem) {
        return new TaskFailure(FailureKind.FAILURE_KIND_NAN, "task " + task + ": " + problem, true, null);
    }

    /** An unexpected throwable of a computation's phase (sampling, adjoint, ...), classified. */
    static TaskFailure of(String task, String phase, Throwable t) {
        if (t instanceof TaskFailure f) {
            return f;
        }
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
        if (isOutOfMemory(t)) {
            return new TaskFailure(
                    FailureKind.FAILURE_KIND_OUT_OF_MEMORY,
                    "task " + task + ": out of memory while " + phase + " (" + what + ")",
                    true,
                    t);
        }
        return new TaskFailure(
                FailureKind.FAILURE_KIND_EXCEPTION, "task " + task + ": " + phase + " failed: " + what, true, t);
    }

    /** Whether {@code t} is the JVM's or libtorch's out-of-memory error. */
    static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
            if (c instanceof EngineException
                    && c.getMessage() != null
                    && c.getMessage().toLowerCase(Locale.ROOT).contains("memory")) {
                return true;
            }
        }
        return false;
    }

    /** How many values of {@code v} are NaN or infinite, with the first index, or null if none. */
    static String nonFinite(float[] v) {
        int count = 0;
        int first = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                if (count++ == 0) {
                    first = i;
                }
            }
        }
        return count == 0
                ? null
                : count + " of " + v.length + " values are NaN or infinite (first at index " + first + ": " + v[first]
                        + ")";
    }

    private static String firstLine(String s) {
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return s;
    }
}
