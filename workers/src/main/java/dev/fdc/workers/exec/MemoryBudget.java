package dev.fdc.workers.exec;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A lower bound on the memory a task needs, checked before it starts: a task that cannot fit in
 * this machine's memory fails at once as bad input (not retried) with a message saying what to
 * lower, instead of failing an allocation minutes in, four times over.
 */
final class MemoryBudget {

    private MemoryBudget() {}

    /** The machine's physical memory in bytes (the JVM's maximum heap if the OS does not say). */
    static long physicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Checks that m trajectories on L steps in d dimensions fit: the states, the model's velocities,
     * the adjoints and the base velocities, 4 (L + 1) arrays of m × d floats.
     *
     * @param field the config field to lower, named in the message
     */
    static void checkTrajectories(String task, long m, int steps, int dim, String field) throws TaskFailure {
        double bytes = 16.0 * m * dim * (steps + 1);
        long available = physicalBytes();
        if (bytes > available) {
            throw TaskFailures.badInput(
                    task,
                    String.format(
                            Locale.ROOT,
                            "%d trajectories on %d grid steps in %d dimensions need at least %.1f GB (states, velocities"
                                    + " and adjoints); this machine has %.1f GB: lower %s",
                            m,
                            steps,
                            dim,
                            bytes / 1e9,
                            available / 1e9,
                            field));
        }
    }
}
