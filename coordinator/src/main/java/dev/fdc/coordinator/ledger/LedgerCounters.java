package dev.fdc.coordinator.ledger;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The counters of a {@link TaskLedger}, exportable to and restorable from a {@code Map<String,
 * Long>} (the form a checkpoint stores). Not thread-safe.
 */
public final class LedgerCounters {

    private final long[] values = new long[LedgerCounter.values().length];

    /** Adds one to the counter. */
    void increment(LedgerCounter counter) {
        values[counter.ordinal()]++;
    }

    /** The current value of the counter. */
    public long get(LedgerCounter counter) {
        return values[counter.ordinal()];
    }

    /** Every counter under its {@link LedgerCounter#key()}, in declaration order; unmodifiable. */
    public Map<String, Long> toMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (LedgerCounter c : LedgerCounter.values()) {
            map.put(c.key(), values[c.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Every counter, in declaration order; unmodifiable. */
    public Map<LedgerCounter, Long> toEnumMap() {
        EnumMap<LedgerCounter, Long> map = new EnumMap<>(LedgerCounter.class);
        for (LedgerCounter c : LedgerCounter.values()) {
            map.put(c, values[c.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Replaces every counter by its saved value; a counter absent from the map restores to 0.
     *
     * @throws IllegalArgumentException naming a negative value; nothing changes
     */
    public void restore(Map<LedgerCounter, Long> saved) {
        Map<String, Long> byKey = new LinkedHashMap<>();
        saved.forEach((c, v) -> byKey.put(c.key(), v));
        restoreByKey(byKey);
    }

    /**
     * Replaces every counter by the value under its key; a key absent from the map (a checkpoint of
     * an older build) restores to 0.
     *
     * @throws IllegalArgumentException naming an unknown key or a negative value; nothing changes
     */
    public void restoreByKey(Map<String, Long> saved) {
        long[] restored = new long[values.length];
        for (Map.Entry<String, Long> e : saved.entrySet()) {
            LedgerCounter c = LedgerCounter.ofKey(e.getKey())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "ledger counter '" + e.getKey() + "': unknown, expected one of "
                                    + Arrays.stream(LedgerCounter.values())
                                            .map(LedgerCounter::key)
                                            .collect(Collectors.joining(", "))));
            Long v = e.getValue();
            if (v == null || v < 0) {
                throw new IllegalArgumentException(
                        "ledger counter '" + e.getKey() + "' = " + v + ": expected a count of at least 0");
            }
            restored[c.ordinal()] = v;
        }
        System.arraycopy(restored, 0, values, 0, values.length);
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
