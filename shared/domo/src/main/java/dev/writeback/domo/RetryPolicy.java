package dev.writeback.domo;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * How often and how patiently to retry Domo's 429 and 5xx answers (and unreachable Domo):
 * exponential backoff from {@code initialBackoff}, doubled per attempt up to {@code maxBackoff},
 * with full jitter; a {@code Retry-After} from Domo replaces the computed wait. The run's deadline
 * bounds all of it.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /**
     * Jitter spreads retries of concurrent executors apart, so it must differ between containers: a SecureRandom
     * stays unique after a SnapStart restore, where ThreadLocalRandom's seeds, drawn from a sequence fixed at JVM
     * start, would repeat in every container restored from one snapshot.
     */
    private static final SecureRandom JITTER = new SecureRandom();

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Mixes fresh entropy into the jitter's generator after a SnapStart restore (its state may come from the snapshot). */
    public static void reseedAfterRestore() {
        JITTER.setSeed(new SecureRandom().generateSeed(32));
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(20));
    }

    /** The wait before attempt {@code attempt + 1}: a random point in the upper half of the exponential window. */
    Duration backoff(int attempt) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        long half = cap / 2;
        return Duration.ofMillis(half + (cap - half == 0 ? 0 : JITTER.nextLong(cap - half + 1)));
    }
}
