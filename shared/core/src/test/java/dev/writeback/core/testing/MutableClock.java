package dev.writeback.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand: either standing still at a given instant until the test moves it
 * ({@link #MutableClock(Instant)}), or real time plus whatever the test has moved it by
 * ({@link #ticking()}, for components that also wait on real time, such as an OAuth provider's
 * token lifetimes).
 */
public final class MutableClock extends Clock {
    private final Clock source;
    private volatile Duration offset = Duration.ZERO;

    public MutableClock(Instant start) {
        this(Clock.fixed(start, ZoneOffset.UTC));
    }

    private MutableClock(Clock source) {
        this.source = source;
    }

    /** Real time, moved forward by {@link #advance(Duration)} ("ten minutes later"). */
    public static MutableClock ticking() {
        return new MutableClock(Clock.systemUTC());
    }

    public synchronized void advance(Duration d) {
        offset = offset.plus(d);
    }

    /** Moves the clock to {@code instant} (a ticking clock goes on ticking from there). */
    public synchronized void set(Instant instant) {
        offset = Duration.between(source.instant(), instant);
    }

    @Override
    public Instant instant() {
        return source.instant().plus(offset);
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
