package dev.writeback.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A point in time by which work must have stopped, e.g. shortly before a Lambda's end. */
public record Deadline(Instant at, Clock clock) {
    private static final Duration CENTURY = Duration.ofDays(36_525);

    public static Deadline after(Duration duration, Clock clock) {
        return new Deadline(clock.instant().plus(duration), clock);
    }

    public static Deadline none(Clock clock) {
        return new Deadline(Instant.MAX, clock);
    }

    /** Time left, at most a century (so callers may take {@code toMillis()} of a deadline that is {@link #none}). */
    public Duration remaining() {
        Instant now = clock.instant();
        if (now.isAfter(at)) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, at);
        return left.compareTo(CENTURY) > 0 ? CENTURY : left;
    }

    public boolean passed() {
        return !clock.instant().isBefore(at);
    }
}
