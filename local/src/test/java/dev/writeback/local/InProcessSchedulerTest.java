package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRetryPolicy;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.Schedule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessSchedulerTest {
    private final InProcessScheduler scheduler = new InProcessScheduler(Clock.systemUTC());
    private final LinkedBlockingQueue<String> fired = new LinkedBlockingQueue<>();

    InProcessSchedulerTest() {
        scheduler.deliverTo((jobId, eventId, attempt) -> fired.add(jobId + " " + eventId + " " + attempt));
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private static Job job(String id, Schedule schedule, JobStatus status) {
        Instant t = Instant.now();
        return new Job(id, "acme", "bob", "con-1", 1, "acc-1", "Nightly", null, Map.of(), schedule, JobRetryPolicy.NONE,
                status, t, t, 1);
    }

    @Test
    void anActiveJobWaitsForItsNextFiringAndAPausedOneHasNone() {
        scheduler.schedule(job("job-1", new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));
        long delay = scheduler.delayMillis("job-1");
        assertTrue(delay > 3_500_000 && delay <= 3_600_000, "about an hour: " + delay);

        scheduler.schedule(job("job-1", new Schedule("rate(1 hour)", "UTC"), JobStatus.PAUSED));
        assertNull(scheduler.delayMillis("job-1"), "pausing removes the pending firing");
        scheduler.schedule(job("job-2", null, JobStatus.ACTIVE));
        assertNull(scheduler.delayMillis("job-2"));
        scheduler.unschedule("job-3");
    }

    @Test
    void aRetryFiresOnceWithItsEventIdAndAttempt() throws InterruptedException {
        scheduler.scheduleRetry("job-9", "evt-1-retry-1", 1, Instant.now());
        assertEquals("job-9 evt-1-retry-1 1", fired.poll(10, TimeUnit.SECONDS));
        assertNull(fired.poll(200, TimeUnit.MILLISECONDS), "once");
        assertEquals(List.of(), List.copyOf(fired));
        assertEquals(Optional.empty(), scheduler.retry("job-9", "evt-1-retry-1"), "a fired retry removes itself");
    }
}
