package dev.writeback.core.job;

/** Retries of failed scheduled runs: none (0), or up to {@code maxRetries} with a growing delay. */
public record RetryPolicy(int maxRetries, int initialDelaySeconds) {
    public static final RetryPolicy NONE = new RetryPolicy(0, 0);
}
