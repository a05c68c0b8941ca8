package dev.writeback.local;

import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.job.Schedule;
import dev.writeback.core.job.ScheduleExpression;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded default's scheduler, behaving as EventBridge Scheduler does for the functions (the
 * same contract): each job's schedule is kept, enabled while the job is ACTIVE and disabled while it
 * is paused; an enabled one delivers a schedule event to the executor at each firing, with the
 * firing's event id (job id + scheduled time) already made, as a retry's event carries it. A retry
 * is a one-time firing at a whole second, kept once per event id and removed when it has fired.
 */
public final class InProcessScheduler implements JobScheduler, RetryScheduler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InProcessScheduler.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "writeback-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Entry> schedules = new ConcurrentHashMap<>();
    private final Map<String, PendingRetry> retries = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Delivery fire = (jobId, eventId, attempt) -> { };

    /** Where a firing goes: the executor, with the job, the event id and the attempt (0 for the schedule itself). */
    @FunctionalInterface
    public interface Delivery {
        void deliver(String jobId, String eventId, int attempt);
    }

    /** A job's schedule as this scheduler holds it. */
    public record ScheduledJob(Schedule schedule, boolean enabled) {
    }

    /** A retry waiting to fire. */
    public record PendingRetry(String jobId, String eventId, int attempt, Instant at) {
    }

    private record Entry(ScheduledJob job, ScheduledFuture<?> next) {
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
        if (job.schedule() == null) {
            unschedule(job.id());
            return;
        }
        // refused before anything changes: a bad expression leaves the job's schedule as it was
        ScheduledJob held = new ScheduledJob(ScheduleExpression.validate(job.schedule()), job.status() == JobStatus.ACTIVE);
        Entry before = schedules.put(job.id(), new Entry(held, held.enabled() ? arm(job.id(), held, clock.instant()) : null));
        cancel(before);
    }

    private ScheduledFuture<?> arm(String jobId, ScheduledJob held, Instant after) {
        Instant next = ScheduleTimes.next(held.schedule(), after);
        if (next == null) {
            return null;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
        return timer.schedule(() -> {
            try {
                fire.deliver(jobId, jobId + "-" + next.toEpochMilli(), 0);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Scheduled run of " + jobId + " failed to start", e);
            }
            // the next firing, unless the schedule was changed or removed meanwhile
            schedules.computeIfPresent(jobId, (id, e) -> e.job() == held ? new Entry(held, arm(id, held, next)) : e);
        }, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void scheduleRetry(String jobId, String eventId, int attempt, Instant at) {
        Instant when = at.truncatedTo(ChronoUnit.SECONDS);
        retries.computeIfAbsent(retryKey(jobId, eventId), key -> {
            long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
            timer.schedule(() -> {
                retries.remove(key);
                try {
                    fire.deliver(jobId, eventId, attempt);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Retry " + attempt + " of " + jobId + " failed to start", e);
                }
            }, delay, TimeUnit.MILLISECONDS);
            return new PendingRetry(jobId, eventId, attempt, when);
        });
    }

    @Override
    public void unschedule(String jobId) {
        cancel(schedules.remove(jobId));
    }

    private static void cancel(Entry entry) {
        if (entry != null && entry.next() != null) {
            entry.next().cancel(false);
        }
    }

    /** The job's schedule as held here, or empty when it has none. */
    public Optional<ScheduledJob> scheduled(String jobId) {
        return Optional.ofNullable(schedules.get(jobId)).map(Entry::job);
    }

    /** The retry waiting to deliver {@code eventId} for the job, or empty. */
    public Optional<PendingRetry> retry(String jobId, String eventId) {
        return Optional.ofNullable(retries.get(retryKey(jobId, eventId)));
    }

    /** The time until a job's next firing, or null when it has none (paused, or no schedule). */
    public Long delayMillis(String jobId) {
        Entry entry = schedules.get(jobId);
        return entry == null || entry.next() == null ? null : entry.next().getDelay(TimeUnit.MILLISECONDS);
    }

    private static String retryKey(String jobId, String eventId) {
        return jobId + "\n" + eventId;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
