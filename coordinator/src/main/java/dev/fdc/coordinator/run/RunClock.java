package dev.fdc.coordinator.run;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The ledger's clock, driven by the time {@link RunCore#poll} is given and counted from the first
 * poll: tasks the core issues before its first poll (the first estimation phase) are stamped 0,
 * the first poll's time. (An absolute clock stamped them 0 against a shell clock of hours, so every
 * one of them looked timed out and was re-issued at the first poll.) Monotone: an earlier time
 * than one already seen is ignored.
 */
final class RunClock extends Clock {

    private long millis;
    private long originNanos;
    private boolean started;

    /** Advances to the shell's monotonic time {@code nanos}. */
    void set(long nanos) {
        if (!started) {
            originNanos = nanos;
            started = true;
        }
        millis = Math.max(millis, (nanos - originNanos) / 1_000_000L);
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
