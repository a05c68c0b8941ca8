package dev.writeback.local;

import dev.writeback.core.testing.JobSchedulerContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** The embedded default's scheduler passes the contract EventBridge Scheduler passes. */
class InProcessSchedulerContractTest extends JobSchedulerContract<InProcessScheduler> {
    @Override
    protected InProcessScheduler newScheduler() {
        // the contract's retries are due in 2025: with the clock there, none fires during a test
        return new InProcessScheduler(Clock.fixed(Instant.parse("2025-03-01T08:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Override
    protected Optional<Held> scheduleOf(String jobId) {
        return scheduler.scheduled(jobId).map(held -> new Held(held.schedule().expression(), held.schedule().timezone(),
                held.enabled()));
    }

    @Override
    protected Optional<HeldRetry> retryOf(String jobId, String eventId) {
        return scheduler.retry(jobId, eventId).map(r -> new HeldRetry(r.at(), true, r.eventId(), r.attempt()));
    }
}
