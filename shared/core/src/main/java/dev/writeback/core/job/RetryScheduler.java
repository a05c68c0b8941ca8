package dev.writeback.core.job;

import java.time.Instant;

/**
 * Schedules one more firing of a job's schedule event after a scheduled run failed, as the job's
 * {@link JobRetryPolicy} asks: a one-time EventBridge Scheduler schedule in AWS, a timer in the
 * embedded default. The firing carries the retry's own event id and attempt number.
 */
public interface RetryScheduler {

    void scheduleRetry(String jobId, String eventId, int attempt, Instant at);
}
