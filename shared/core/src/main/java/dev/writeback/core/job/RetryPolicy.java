package dev.writeback.core.job;

/**
 * Retries of failed scheduled runs (FAILED or TIMED_OUT, never CANCELLED): none (0), or up to
 * {@code maxRetries}, the n-th after {@code initialDelaySeconds × 2^(n-1)} (at least a minute).
 */
public record RetryPolicy(int maxRetries, int initialDelaySeconds) {
    public static final RetryPolicy NONE = new RetryPolicy(0, 0);

    /** The delay before retry number {@code attempt} (1-based). */
    public java.time.Duration delayBefore(int attempt) {
        long seconds = Math.max(60, (long) initialDelaySeconds << Math.min(attempt - 1, 20));
        return java.time.Duration.ofSeconds(seconds);
    }
}
