package dev.writeback.core.testing;

import dev.writeback.core.job.JobStatus;
import java.util.Optional;

/** The scheduler double passes the contract EventBridge Scheduler passes. */
class RecordingJobSchedulerTest extends JobSchedulerContract<RecordingJobScheduler> {
    @Override
    protected RecordingJobScheduler newScheduler() {
        return new RecordingJobScheduler();
    }

    @Override
    protected Optional<Held> scheduleOf(String jobId) {
        return Optional.ofNullable(scheduler.scheduled().get(jobId)).map(job -> new Held(job.schedule().expression(),
                job.schedule().timezone(), job.status() == JobStatus.ACTIVE));
    }

    @Override
    protected Optional<HeldRetry> retryOf(String jobId, String eventId) {
        return Optional.ofNullable(scheduler.retry(jobId, eventId))
                .map(r -> new HeldRetry(r.at(), true, r.eventId(), r.attempt()));
    }
}
