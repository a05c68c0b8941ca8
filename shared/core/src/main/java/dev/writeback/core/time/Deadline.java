package dev.writeback.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A point in time by which work must have stopped, e.g. shortly before a Lambda's end. */
public record Deadline(Instant at, Clock clock) {

    public static Deadline after(Duration duration, Clock clock) {
        return new Deadline(clock.instant().plus(duration), clock);
    }

    public static Deadline none(Clock clock) {
        return new Deadline(Instant.MAX, clock);
    }

    public Duration remaining() {
        Instant now = clock.instant();
        return now.isAfter(at) ? Duration.ZERO : Duration.between(now, at);
    }

    public boolean passed() {
        return !clock.instant().isBefore(at);
    }

    /** The earlier of this deadline and {@code now + d}. */
    public Deadline within(Duration d) {
        Instant other = clock.instant().plus(d);
        return other.isBefore(at) ? new Deadline(other, clock) : this;
    }
}
