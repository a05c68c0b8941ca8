package dev.writeback.core.run;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.Page;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the runs whose executor is gone, reading only the unfinished runs (the repository's active listing).
 * A RUNNING run whose lease passed without renewal is ended FAILED at stage {@code lost} (CANCELLED if a cancel
 * had been asked for), and its job's run slot is given back, so the next run of the job does not trip over it.
 * A QUEUED run that no executor started within the queue limit is ended FAILED at stage {@code lost} too:
 * it is not launched again, because a run that starts long after it was asked for may write older data over a
 * newer run's, and because the launch may still arrive (Lambda keeps asynchronous events for hours); the
 * user (or the job's retry policy, for scheduled runs) starts it again knowingly. Every end is a conditional
 * write on the revision read, so a holder that renewed its lease meanwhile keeps its run.
 */
final class RunSweep {
    private static final Logger LOG = Logger.getLogger(RunSweep.class.getName());
    private static final int PAGE = 100;

    private final RunRepository runs;
    private final JobRepository jobs;
    private final BlobStore blobs;
    private final Clock clock;
    private final Duration queueLimit;
    private final RunEvents events;

    RunSweep(RunRepository runs, JobRepository jobs, BlobStore blobs, Clock clock, Duration queueLimit, RunEvents events) {
        this.events = events;
        this.runs = runs;
        this.jobs = jobs;
        this.blobs = blobs;
        this.clock = clock;
        this.queueLimit = queueLimit;
    }

    /** One pass over the unfinished runs. */
    RunService.SweepReport sweep() {
        int checked = 0;
        int lost = 0;
        int neverStarted = 0;
        int unlisted = 0;
        String cursor = null;
        do {
            Page<RunRepository.Active> page = runs.listActive(PAGE, cursor);
            for (RunRepository.Active active : page.items()) {
                checked++;
                try {
                    Optional<Run> found = runs.find(active.runId());
                    if (found.isEmpty()) {
                        // the process stopped between the marker and the run's record: the run never existed
                        if (olderThanQueueLimit(active.since())) {
                            runs.unlist(active.runId());
                            unlisted++;
                        }
                        continue;
                    }
                    Run run = found.get();
                    if (run.status().finished()) {
                        // it stopped after its final record, before leaving the listing or its job's slot
                        runs.unlist(run.id());
                        jobs.releaseRunSlot(run.jobId(), run.id());
                        unlisted++;
                        continue;
                    }
                    Run after = endIfLost(run);
                    if (after.status().finished()) {
                        if (run.status() == RunStatus.QUEUED) {
                            neverStarted++;
                        } else {
                            lost++;
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not sweep run " + active.runId() + "; the next sweep tries again", e);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return new RunService.SweepReport(checked, lost, neverStarted, unlisted);
    }

    /**
     * Ends a run nobody holds any more: RUNNING past its lease, or QUEUED past the queue limit. Any other
     * run is returned as it is; so is the current record when someone changed the run meanwhile.
     */
    Run endIfLost(Run run) {
        Instant now = clock.instant();
        Run.Builder ended;
        String logLine;
        if (run.status() == RunStatus.RUNNING && !held(run, now)) {
            String lease = run.leaseExpiresAt() == null ? "" : " (its lease expired at " + run.leaseExpiresAt()
                    + " without being renewed)";
            if (run.cancelRequested()) {
                ended = run.toBuilder().status(RunStatus.CANCELLED).error(RunError.of("lost", "cancelled",
                        CancelWatch.message(run.cancelRequestedBy(), run.cancelRequestedAt())
                                + "; the executor stopped during the run" + lease + " before it recorded the cancel."));
            } else {
                ended = run.toBuilder().status(RunStatus.FAILED).error(RunError.of("lost", "lost",
                        "The executor stopped during the run" + lease + "; nothing after that point was recorded. "
                                + "Whatever the script wrote before it may have reached the target; start the run again."));
            }
            logLine = "[lost] the executor stopped during the run" + lease;
        } else if (run.status() == RunStatus.QUEUED && !now.isBefore(run.queuedAt().plus(queueLimit))) {
            ended = run.toBuilder().status(RunStatus.FAILED).error(RunError.of("lost", "never-started",
                    "The run never started: it was queued at " + run.queuedAt() + " and no executor took it up within "
                            + queueLimit.toSeconds() + " s; it will not start later. Start it again."));
            logLine = "[lost] the run never started (queued at " + run.queuedAt() + ")";
        } else {
            return run;
        }
        Run done;
        try {
            done = runs.update(ended.endedAt(now).leaseExpiresAt(null).logKey(RunRecorder.logKey(run.id())).build());
        } catch (ConflictException changed) {
            // its holder renewed the lease, or it started, finished or was cancelled meanwhile
            return runs.get(run.id());
        }
        jobs.releaseRunSlot(run.jobId(), run.id());
        events.changed(done);
        try {
            blobs.put(done.logKey(), (logLine + "\n").getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not write the log of lost run " + run.id(), e);
        }
        return done;
    }

    /** The run's holder still holds it: its lease has not passed. */
    static boolean held(Run run, Instant now) {
        return run.leaseExpiresAt() != null && now.isBefore(run.leaseExpiresAt());
    }

    private boolean olderThanQueueLimit(String since) {
        try {
            return !clock.instant().isBefore(Instant.parse(since).plus(queueLimit));
        } catch (RuntimeException unreadable) {
            return true;
        }
    }
}
