package dev.fdc.coordinator.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test advances it. */
public final class TestingClock extends Clock {

    private Instant now;

    /** A clock at the epoch second 1,000,000. */
    public TestingClock() {
        this(Instant.ofEpochSecond(1_000_000));
    }

    /** A clock at {@code start}. */
    public TestingClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward. */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("TestingClock has no zones");
    }
}
