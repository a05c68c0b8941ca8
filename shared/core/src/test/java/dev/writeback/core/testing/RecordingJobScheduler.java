package dev.writeback.core.testing;

import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.job.ScheduleExpression;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the schedules and retries it is given, held to {@link JobSchedulerContract} like the real
 * schedulers (expressions are checked, a paused job's schedule is kept disabled, one retry per event
 * id, retry times in whole seconds), and a log of calls such as {@code schedule job-1 rate(1 hour) UTC}.
 */
public final class RecordingJobScheduler implements JobScheduler, RetryScheduler {
    /** A one-time retry as held. */
    public record Retry(String jobId, String eventId, int attempt, Instant at) {
    }

    private final Map<String, Job> scheduled = new LinkedHashMap<>();
    private final Map<String, Retry> retries = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void schedule(Job job) {
        ScheduleExpression.validate(job.schedule());
        if (job.schedule() == null) {
            scheduled.remove(job.id());
            calls.add("schedule " + job.id() + " none");
            return;
        }
        scheduled.put(job.id(), job);
        calls.add("schedule " + job.id() + " " + job.schedule().expression() + " " + job.schedule().timezone());
    }

    @Override
    public synchronized void unschedule(String jobId) {
        scheduled.remove(jobId);
        calls.add("unschedule " + jobId);
    }

    @Override
    public synchronized void scheduleRetry(String jobId, String eventId, int attempt, Instant at) {
        retries.putIfAbsent(jobId + " " + eventId, new Retry(jobId, eventId, attempt, at.truncatedTo(ChronoUnit.SECONDS)));
        calls.add("retry " + jobId + " " + eventId + " attempt " + attempt + " at " + at);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The jobs whose recurring schedule is held (enabled when the job is ACTIVE), by job id. */
    public synchronized Map<String, Job> scheduled() {
        return Map.copyOf(scheduled);
    }

    /** The retry of this job and event id, or null. */
    public synchronized Retry retry(String jobId, String eventId) {
        return retries.get(jobId + " " + eventId);
    }
}
