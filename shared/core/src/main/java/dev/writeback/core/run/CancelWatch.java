package dev.writeback.core.run;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.script.CancelSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How an executing run learns that it was cancelled: at once when the cancel was asked for in this
 * process, else by re-reading its record every poll interval (the cancel may come from another process).
 * The same read is the holder's heartbeat: it renews the run's lease ({@link RunClaims#renewIfDue}), and
 * a record that was ended meanwhile by someone else (the sweep, or a cancel while the lease had lapsed)
 * stops the run here too, so the holder never goes on with a run that is no longer its own. The same poll writes
 * the run's progress to its record, at most once every {@link #PROGRESS_EVERY}.
 */
final class CancelWatch {
    private static final Logger LOG = Logger.getLogger(CancelWatch.class.getName());

    /** The shortest time between two progress writes of a run, whatever the poll interval. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final RunRepository runs;
    private final Duration pollInterval;
    private final RunClaims claims;
    private final Clock clock;
    /** The cancel signals of the runs executing in this process, so a cancel made here stops them at once. */
    private final Map<String, CancelSignal> executing = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService poller;

    CancelWatch(RunRepository runs, Duration pollInterval, RunClaims claims, Clock clock) {
        this.runs = runs;
        this.pollInterval = pollInterval;
        this.claims = claims;
        this.clock = clock;
    }

    /** What a run's cancel says: who asked and when. */
    static String message(String userId, Instant at) {
        return "The run was cancelled by " + (userId == null ? "a user" : userId) + " at " + at;
    }

    /** Starts watching a run that executes in this process; closing the watch stops watching it. */
    Watch watch(String runId) {
        CancelSignal signal = new CancelSignal();
        executing.put(runId, signal);
        AtomicReference<Supplier<RunProgress>> progress = new AtomicReference<>();
        return new Watch(runId, signal, progress, pollForCancel(runId, signal, progress));
    }

    /** Tells the run, if it executes in this process, that a user cancelled it. */
    void cancelled(String runId, String userId, Instant at) {
        CancelSignal signal = executing.get(runId);
        if (signal != null) {
            signal.cancel(message(userId, at));
        }
    }

    /** One executing run's cancel signal, polled for until closed. */
    final class Watch implements AutoCloseable {
        private final String runId;
        private final CancelSignal signal;
        private final AtomicReference<Supplier<RunProgress>> progress;
        private final ScheduledFuture<?> poll;

        private Watch(String runId, CancelSignal signal, AtomicReference<Supplier<RunProgress>> progress,
                      ScheduledFuture<?> poll) {
            this.runId = runId;
            this.signal = signal;
            this.progress = progress;
            this.poll = poll;
        }

        CancelSignal signal() {
            return signal;
        }

        /** From now on the poll writes what {@code counts} answers to the run's record. */
        void reportProgress(Supplier<RunProgress> counts) {
            progress.set(counts);
        }

        @Override
        public void close() {
            poll.cancel(false);
            executing.remove(runId);
        }
    }

    /**
     * Re-reads the run every {@link #pollInterval} while it executes: a cancel may come from another process,
     * the lease is renewed when due, and a run ended elsewhere is stopped.
     */
    private ScheduledFuture<?> pollForCancel(String runId, CancelSignal cancel,
                                             AtomicReference<Supplier<RunProgress>> progress) {
        AtomicReference<Instant> lastReport = new AtomicReference<>(Instant.MIN);
        return poller().scheduleWithFixedDelay(() -> {
            try {
                runs.find(runId).ifPresent(r -> {
                    if (r.status().finished()) {
                        cancel.cancel("The run was ended while it executed (" + r.status() + (r.error() == null ? ""
                                : ": " + r.error().message()) + ")");
                        return;
                    }
                    if (r.cancelRequested()) {
                        cancel.cancel(message(r.cancelRequestedBy(), r.cancelRequestedAt()));
                    }
                    claims.renewIfDue(r); // while it stops after a cancel too: its holder is still here
                    reportProgress(runId, progress.get(), lastReport);
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not read run " + runId + " to look for a cancel request; trying again", e);
            }
        }, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Writes the run's progress if a second has passed since the last write, on the record as it is now (the
     * heartbeat may just have renewed it). A record that changes meanwhile keeps its change: the next poll reports.
     */
    private void reportProgress(String runId, Supplier<RunProgress> counts, AtomicReference<Instant> lastReport) {
        Instant now = clock.instant();
        if (counts == null || now.isBefore(lastReport.get().plus(PROGRESS_EVERY))) {
            return;
        }
        runs.find(runId).filter(r -> r.status() == RunStatus.RUNNING).ifPresent(r -> {
            try {
                runs.update(r.toBuilder().progress(counts.get()).build());
                lastReport.set(now);
            } catch (ConflictException changed) {
                // a cancel or the run's end landed first; the next poll reads it
            }
        });
    }

    private ScheduledExecutorService poller() {
        ScheduledExecutorService p = poller;
        if (p == null) {
            synchronized (this) {
                if (poller == null) {
                    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "run-cancel-poll");
                        t.setDaemon(true);
                        return t;
                    });
                    e.setRemoveOnCancelPolicy(true);
                    poller = e;
                }
                p = poller;
            }
        }
        return p;
    }
}
