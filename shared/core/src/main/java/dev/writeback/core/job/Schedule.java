package dev.writeback.core.job;

/**
 * When a job runs by itself: an EventBridge Scheduler expression ({@code rate(1 hour)},
 * {@code cron(0 6 * * ? *)}) in a time zone.
 */
public record Schedule(String expression, String timezone) {
}
