package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.ledger.LedgerCounter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The counters of a run at its end: the ledger's (issued, applied, dropped, failures, ...), the
 * coordinator actor's ({@link CoordinatorCounter}) and the tasks each worker computed.
 *
 * @param ledger the task ledger's counters
 * @param coordinator the coordinator actor's counters
 * @param tasksPerWorker tasks assigned to each worker, by worker id
 */
public record RunCounters(
        Map<LedgerCounter, Long> ledger, Map<CoordinatorCounter, Long> coordinator, Map<String, Long> tasksPerWorker) {

    /** Copies the maps (enum order, worker ids sorted). */
    public RunCounters {
        EnumMap<LedgerCounter, Long> l = new EnumMap<>(LedgerCounter.class);
        l.putAll(ledger);
        EnumMap<CoordinatorCounter, Long> c = new EnumMap<>(CoordinatorCounter.class);
        c.putAll(coordinator);
        ledger = Collections.unmodifiableMap(l);
        coordinator = Collections.unmodifiableMap(c);
        tasksPerWorker = Collections.unmodifiableMap(new TreeMap<>(tasksPerWorker));
    }

    /** No counters (a run that never started). */
    public static RunCounters none() {
        return new RunCounters(Map.of(), Map.of(), Map.of());
    }

    /** A ledger counter (0 if absent). */
    public long get(LedgerCounter c) {
        return ledger.getOrDefault(c, 0L);
    }

    /** A coordinator counter (0 if absent). */
    public long get(CoordinatorCounter c) {
        return coordinator.getOrDefault(c, 0L);
    }

    /** The non-zero counters as {@code key=value} pairs, then the tasks per worker. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        ledger.forEach((k, v) -> {
            if (v != 0) {
                j.add(k.key() + "=" + v);
            }
        });
        coordinator.forEach((k, v) -> {
            if (v != 0) {
                j.add(k.key() + "=" + v);
            }
        });
        tasksPerWorker.forEach((w, v) -> j.add("tasks[" + w + "]=" + v));
        return j.toString();
    }
}
