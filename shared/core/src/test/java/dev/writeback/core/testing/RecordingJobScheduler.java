package dev.writeback.core.testing;

import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobScheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps the schedules it is given and a log of calls such as {@code schedule job-1 rate(1 hour) UTC}. */
public final class RecordingJobScheduler implements JobScheduler, dev.writeback.core.job.RetryScheduler {
    private final Map<String, Job> scheduled = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void schedule(Job job) {
        scheduled.put(job.id(), job);
        calls.add("schedule " + job.id() + " " + job.schedule().expression() + " " + job.schedule().timezone());
    }

    @Override
    public synchronized void unschedule(String jobId) {
        scheduled.remove(jobId);
        calls.add("unschedule " + jobId);
    }

    @Override
    public synchronized void scheduleRetry(String jobId, String eventId, int attempt, java.time.Instant at) {
        calls.add("retry " + jobId + " " + eventId + " attempt " + attempt + " at " + at);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized Map<String, Job> scheduled() {
        return Map.copyOf(scheduled);
    }
}
