package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRetryPolicy;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.job.Schedule;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every documented behaviour of a {@link JobScheduler} that is also the {@link RetryScheduler} of
 * failed scheduled runs. An adapter's test extends this class, supplies the scheduler and reads back
 * what it holds. Job ids are unique per test, so the scheduler need not be emptied between tests.
 *
 * @param <S> the scheduler under test
 */
public abstract class JobSchedulerContract<S extends JobScheduler & RetryScheduler> {
    protected static final Instant T = Instant.parse("2025-03-01T09:00:00Z");

    protected S scheduler;

    /** A job's recurring schedule as the scheduler holds it. */
    public record Held(String expression, String timezone, boolean enabled) {
    }

    /**
     * A one-time retry as the scheduler holds it: when it fires (whole seconds), whether it removes
     * itself once it has fired, and the event id and attempt number its firing delivers.
     */
    public record HeldRetry(Instant at, boolean deletedAfterFiring, String eventId, int attempt) {
    }

    /** The scheduler under test (called before each test). */
    protected abstract S newScheduler() throws Exception;

    /** The job's recurring schedule, or empty when it has none. */
    protected abstract Optional<Held> scheduleOf(String jobId);

    /** The one-time retry scheduled for this job and retry event id, or empty. */
    protected abstract Optional<HeldRetry> retryOf(String jobId, String eventId);

    @BeforeEach
    final void openScheduler() throws Exception {
        scheduler = newScheduler();
    }

    protected static String newJobId() {
        return "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    protected static Job job(String id, Schedule schedule, JobStatus status) {
        return new Job(id, "acme", "bob", "con-1", 1, "acc-1", "Nightly", null, Map.of(), schedule, new JobRetryPolicy(2, 60),
                status, T, T, 1);
    }

    @Test
    void anActiveJobGetsAnEnabledSchedule() {
        String id = newJobId();

        scheduler.schedule(job(id, new Schedule("cron(30 6 ? * MON-FRI *)", "Europe/Paris"), JobStatus.ACTIVE));

        assertEquals(Optional.of(new Held("cron(30 6 ? * MON-FRI *)", "Europe/Paris", true)), scheduleOf(id));
    }

    @Test
    void schedulingAgainReplacesTheSchedule() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));

        scheduler.schedule(job(id, new Schedule("cron(0 6 * * ? *)", "America/New_York"), JobStatus.ACTIVE));

        assertEquals(Optional.of(new Held("cron(0 6 * * ? *)", "America/New_York", true)), scheduleOf(id));
    }

    @Test
    void aPausedJobKeepsItsScheduleDisabledAndResumingEnablesIt() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));

        scheduler.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.PAUSED));
        assertEquals(Optional.of(new Held("rate(1 hour)", "UTC", false)), scheduleOf(id));

        scheduler.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));
        assertEquals(Optional.of(new Held("rate(1 hour)", "UTC", true)), scheduleOf(id));
    }

    @Test
    void aJobCreatedPausedGetsADisabledSchedule() {
        String id = newJobId();

        scheduler.schedule(job(id, new Schedule("rate(2 hours)", "UTC"), JobStatus.PAUSED));

        assertEquals(Optional.of(new Held("rate(2 hours)", "UTC", false)), scheduleOf(id));
    }

    @Test
    void unschedulingDeletesTheScheduleAndAnAbsentOneIsNoError() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("rate(2 hours)", "UTC"), JobStatus.ACTIVE));

        scheduler.unschedule(id);
        assertEquals(Optional.empty(), scheduleOf(id));

        scheduler.unschedule(id);
        scheduler.unschedule(newJobId());
        assertEquals(Optional.empty(), scheduleOf(id));
    }

    @Test
    void aJobWhoseScheduleIsRemovedHasNone() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("rate(1 day)", "UTC"), JobStatus.ACTIVE));

        scheduler.schedule(job(id, null, JobStatus.ACTIVE));

        assertEquals(Optional.empty(), scheduleOf(id));
    }

    @Test
    void aJobWithoutAScheduleGetsNone() {
        String id = newJobId();

        scheduler.schedule(job(id, null, JobStatus.ACTIVE));

        assertEquals(Optional.empty(), scheduleOf(id));
    }

    @Test
    void aBadExpressionIsRefusedAndNothingIsScheduled() {
        String id = newJobId();

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> scheduler.schedule(job(id, new Schedule("every day at six", "UTC"), JobStatus.ACTIVE)));

        assertTrue(refused.getMessage().contains("every day at six"), refused.getMessage());
        assertEquals(Optional.empty(), scheduleOf(id));
    }

    @Test
    void aBadExpressionLeavesTheJobsScheduleAsItWas() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));

        assertThrows(InvalidInputException.class,
                () -> scheduler.schedule(job(id, new Schedule("cron(99 6 * * ? *)", "UTC"), JobStatus.ACTIVE)));

        assertEquals(Optional.of(new Held("rate(1 hour)", "UTC", true)), scheduleOf(id));
    }

    @Test
    void aRetryIsAOneTimeScheduleThatRemovesItselfAndDeliversItsEventAndAttempt() {
        String id = newJobId();

        scheduler.scheduleRetry(id, "evt-1-retry-2", 2, Instant.parse("2025-03-01T09:04:30.250Z"));

        assertEquals(Optional.of(new HeldRetry(Instant.parse("2025-03-01T09:04:30Z"), true, "evt-1-retry-2", 2)),
                retryOf(id, "evt-1-retry-2"));
        assertEquals(Optional.empty(), scheduleOf(id), "a retry is not the job's recurring schedule");
    }

    @Test
    void schedulingTheSameRetryTwiceKeepsOne() {
        String id = newJobId();
        scheduler.scheduleRetry(id, "evt-7-retry-1", 1, Instant.parse("2025-03-01T09:01:00Z"));

        // a second delivery of the failed run's event asks for the same retry
        scheduler.scheduleRetry(id, "evt-7-retry-1", 1, Instant.parse("2025-03-01T09:01:02Z"));

        assertEquals(Optional.of(new HeldRetry(Instant.parse("2025-03-01T09:01:00Z"), true, "evt-7-retry-1", 1)),
                retryOf(id, "evt-7-retry-1"));
    }

    @Test
    void retriesOfDifferentEventsAreDistinctAndLeaveTheJobsScheduleAlone() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));

        scheduler.scheduleRetry(id, "evt-1-retry-1", 1, Instant.parse("2025-03-01T09:01:00Z"));
        scheduler.scheduleRetry(id, "evt-2-retry-1", 1, Instant.parse("2025-03-01T10:01:00Z"));

        assertEquals("evt-1-retry-1", retryOf(id, "evt-1-retry-1").orElseThrow().eventId());
        assertEquals("evt-2-retry-1", retryOf(id, "evt-2-retry-1").orElseThrow().eventId());
        assertEquals(Optional.of(new Held("rate(1 hour)", "UTC", true)), scheduleOf(id));

        scheduler.unschedule(id);
        assertEquals(Optional.empty(), scheduleOf(id));
    }
}
