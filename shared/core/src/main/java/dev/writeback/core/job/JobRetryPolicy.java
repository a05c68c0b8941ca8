package dev.writeback.core.job;

import java.time.Duration;

/**
 * Retries of failed scheduled runs (FAILED or TIMED_OUT, never CANCELLED): none (0), or up to
 * {@code maxRetries}, the n-th after {@code initialDelaySeconds × 2^(n-1)} (at least a minute).
 */
public record JobRetryPolicy(int maxRetries, int initialDelaySeconds) {
    public static final JobRetryPolicy NONE = new JobRetryPolicy(0, 0);

    /** The delay before retry number {@code attempt} (1-based). */
    public Duration delayBefore(int attempt) {
        long seconds = Math.max(60, (long) initialDelaySeconds << Math.min(attempt - 1, 20));
        return Duration.ofSeconds(seconds);
    }
}
