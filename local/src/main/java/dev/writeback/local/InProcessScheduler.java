package dev.writeback.local;

import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.RetryScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded default's scheduler: keeps each ACTIVE job's next firing in memory and, when it
 * comes, delivers a schedule event to the executor with the firing's event id (job id + scheduled
 * time) already made, as a retry's event carries it.
 */
public final class InProcessScheduler implements JobScheduler, RetryScheduler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InProcessScheduler.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "writeback-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Delivery fire = (jobId, eventId, attempt) -> { };

    /** Where a firing goes: the executor, with the job, the event id and the attempt (0 for the schedule itself). */
    @FunctionalInterface
    public interface Delivery {
        void deliver(String jobId, String eventId, int attempt);
    }

    public InProcessScheduler(Clock clock) {
        this.clock = clock;
    }

    /** Where schedule events go: (jobId, eventId) → the executor. */
    public void deliverTo(Delivery target) {
        this.fire = target;
    }

    @Override
    public void schedule(Job job) {
        unschedule(job.id());
        if (job.schedule() == null || job.status() != JobStatus.ACTIVE) {
            return;
        }
        arm(job, clock.instant());
    }

    private void arm(Job job, Instant after) {
        Instant next = ScheduleTimes.next(job.schedule(), after);
        if (next == null) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
        pending.put(job.id(), timer.schedule(() -> {
            String eventId = job.id() + "-" + next.toEpochMilli();
            try {
                fire.deliver(job.id(), eventId, 0);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Scheduled run of " + job.id() + " failed to start", e);
            }
            arm(job, next);
        }, delay, TimeUnit.MILLISECONDS));
    }

    @Override
    public void scheduleRetry(String jobId, String eventId, int attempt, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        timer.schedule(() -> {
            try {
                fire.deliver(jobId, eventId, attempt);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Retry " + attempt + " of " + jobId + " failed to start", e);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void unschedule(String jobId) {
        ScheduledFuture<?> f = pending.remove(jobId);
        if (f != null) {
            f.cancel(false);
        }
    }

    /** The next firing of a job, or null when it has none (for the CLI and tests). */
    public Long delayMillis(String jobId) {
        ScheduledFuture<?> f = pending.get(jobId);
        return f == null ? null : f.getDelay(TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
