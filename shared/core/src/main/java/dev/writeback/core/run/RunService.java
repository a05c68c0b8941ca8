package dev.writeback.core.run;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.Sha256;
import dev.writeback.core.access.Caller;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.Page;
import dev.writeback.core.time.Deadline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runs use case: start a run of a job (over HTTP or for a schedule event), execute it once, read and
 * cancel runs. A run is claimed once ({@link RunClaims}), executes in the job's run slot while a
 * {@link CancelWatch} listens for cancels, goes through the {@link RunPipeline} (connector, credentials,
 * Domo, the script under a {@link ScriptWatchdog}), and its outcome is recorded by the {@link RunRecorder}.
 * A run never stays RUNNING: every failure is recorded, and a run whose executor stopped (its lease was
 * not renewed) or that never started is ended by the {@link #sweep() sweep}, which runs on a schedule.
 */
public final class RunService {
    /** Rows of the output datagrid kept in the run record itself; the whole grid goes to the blob store. */
    public static final int OUTPUT_ROWS_IN_RECORD = 50;
    /** How often an executing run re-reads its record to learn of a cancel request made in another process. */
    public static final Duration CANCEL_POLL_INTERVAL = Duration.ofSeconds(2);
    /**
     * How long a run's lease lasts: its executor renews it every third of this while the run executes
     * (on the cancel poll), so a run whose lease passed has lost its executor.
     */
    public static final Duration LEASE = Duration.ofSeconds(60);
    /** How long a run may stay QUEUED before the sweep ends it as never started. */
    public static final Duration QUEUE_LIMIT = Duration.ofMinutes(5);
    /** How long the job's run slot is held past the run's deadline (the slot of a lost run is freed by the sweep). */
    private static final Duration SLOT_GRACE = Duration.ofSeconds(30);
    /**
     * How long the pipeline waits for a script to stop after its deadline or a cancel before it records the
     * outcome anyway (a script inside a long host call, such as a Domo export, stops only when the call returns).
     * The executor keeps more than this back from the Lambda's remaining time.
     */
    public static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final Logger LOG = Logger.getLogger(RunService.class.getName());

    private final RunRepository runs;
    private final JobRepository jobs;
    private final BlobStore blobs;
    private final Clock clock;
    private final Supplier<RunLauncher> launcher;
    private final RetryScheduler retries;
    private final RunObserver observer;
    private final RunClaims claims;
    private final CancelWatch cancels;
    private final RunRecorder recorder;
    private final RunPipeline pipeline;
    private final RunSweep sweeper;

    RunService(RunServiceBuilder b) {
        runs = b.runs;
        jobs = b.jobs;
        blobs = b.blobs;
        clock = b.clock;
        launcher = b.launcher;
        retries = b.retries;
        observer = b.observer;
        claims = new RunClaims(b.runs, b.clock, b.lease);
        cancels = new CancelWatch(b.runs, b.cancelPollInterval, claims, b.clock);
        sweeper = new RunSweep(b.runs, b.jobs, b.blobs, b.clock, b.queueLimit);
        recorder = new RunRecorder(b.runs, b.blobs, b.clock);
        pipeline = new RunPipeline(b, new ScriptWatchdog(b.scripts, b.clock, STOP_GRACE), recorder);
    }

    public static RunServiceBuilder builder() {
        return new RunServiceBuilder();
    }

    /** The outcome of asking for a run: the run, and whether this request started it or found it already started. */
    public record Started(Run run, boolean duplicate) {
    }

    /**
     * What one sweep did: unfinished runs it looked at, RUNNING runs it ended as lost, QUEUED runs it ended
     * as never started, and leftovers of crashes it removed from the active listing.
     */
    public record SweepReport(int checked, int lost, int neverStarted, int unlisted) {
    }

    /**
     * Ends the runs nobody holds: RUNNING past an unrenewed lease (FAILED at stage {@code lost}; CANCELLED
     * if a cancel was asked for), QUEUED past {@link #QUEUE_LIMIT} (FAILED at stage {@code lost}, never
     * started), and frees their jobs' run slots. Safe to run anywhere at any time, in many places at once.
     */
    public SweepReport sweep() {
        return sweeper.sweep();
    }

    /**
     * Starts a run of a job for a caller of its company: claims it (QUEUED) and hands it to the
     * launcher; returns the run as it stands then. {@code requestId}, if given, makes the request
     * idempotent: the same id returns the same run instead of starting another.
     */
    public Started runNow(Caller caller, String jobId, String requestId) {
        Job job = jobs.get(jobId);
        if (!caller.inCompany(job.companyId())) {
            throw new NotFoundException("There is no job " + jobId + ".");
        }
        if (!caller.userId().equals(job.ownerUserId())) {
            throw new ForbiddenException("Job " + jobId + " belongs to " + job.ownerUserId()
                    + " and runs with their account; only they may run it.");
        }
        // the key is scoped to the job: the same key on another job (or company) must not find this run
        String runId = requestId == null || requestId.isBlank() ? IdGenerator.next("run")
                : "run-" + job.id() + "-" + sanitize(requestId);
        Started claim = claims.claim(Run.queued(runId, job, Trigger.HTTP, null, clock.instant()));
        if (claim.duplicate()) {
            return claim;
        }
        try {
            launcher.get().launch(claim.run());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Run " + runId + " could not be launched", e);
            return new Started(recorder.fail(claim.run(), RunError.of("launch", "launch-failed",
                    "The run could not be handed to the executor; start it again."), 0,
                    new StringBuilder("[launch] the executor could not be invoked\n")), false);
        }
        return new Started(runs.get(runId), false);
    }

    /**
     * Executes a claimed run (what the launcher's worker calls). A run that is no longer QUEUED —
     * delivered twice, or cancelled before it started — is returned as it is.
     */
    public Run execute(String runId, Deadline deadline) {
        Run run = runs.get(runId);
        if (run.status() != RunStatus.QUEUED) {
            return run;
        }
        return execute(run, jobs.get(run.jobId()), deadline);
    }

    /** Runs a job for a schedule event; a second delivery of the same event returns the first run. */
    public Started runScheduled(String jobId, String eventId, Deadline deadline) {
        return runScheduled(jobId, eventId, 0, deadline);
    }

    /**
     * Runs a job for a schedule event ({@code attempt} 0) or for a retry of one (1, 2, …). A run that
     * fails or times out is retried as the job's retry policy says, if a retry scheduler is present.
     */
    public Started runScheduled(String jobId, String eventId, int attempt, Deadline deadline) {
        Job job = jobs.get(jobId);
        if (job.status() == JobStatus.PAUSED) {
            throw new InvalidStateException("Job " + jobId + " is paused; its schedule event " + eventId + " was not run.");
        }
        Started claim = claims.claim(Run.queued("run-sched-" + sanitize(eventId), job, Trigger.SCHEDULE, eventId,
                clock.instant()));
        Started started = claim.duplicate() ? claim : new Started(execute(claim.run(), job, deadline), false);
        RunStatus status = started.run().status();
        int next = attempt + 1;
        if (!started.duplicate() && (status == RunStatus.FAILED || status == RunStatus.TIMED_OUT)
                && next <= job.retry().maxRetries() && retries != null) {
            String baseEvent = attempt == 0 ? eventId : eventId.replaceFirst("-retry-\\d+$", "");
            retries.scheduleRetry(job.id(), baseEvent + "-retry-" + next, next,
                    clock.instant().plus(job.retry().delayBefore(next)));
        }
        return started;
    }

    public Run get(Caller caller, String runId) {
        Run run = runs.get(runId);
        if (!caller.inCompany(run.companyId())) {
            throw new NotFoundException("There is no run " + runId + ".");
        }
        return run;
    }

    public Page<Run> list(Caller caller, String jobId, int limit, String cursor) {
        Job job = jobs.get(jobId);
        if (!caller.inCompany(job.companyId())) {
            throw new NotFoundException("There is no job " + jobId + ".");
        }
        return runs.listForJob(jobId, Page.limit(limit), cursor);
    }

    /** The run's log, as the user may read it (secrets were redacted when it was written). */
    public String log(Caller caller, String runId) {
        Run run = get(caller, runId);
        if (run.logKey() == null) {
            return "";
        }
        return blobs.get(run.logKey()).map(b -> new String(b.bytes(), StandardCharsets.UTF_8)).orElse("");
    }

    /**
     * Cancels a queued run at once (it never executes); a running one is asked to stop: its executor
     * learns of it within {@link #CANCEL_POLL_INTERVAL} (at once in this process), stops the script and
     * records CANCELLED. A running run that nobody holds any more (its lease passed unrenewed: its
     * executor stopped) is CANCELLED at once. Who asked and when are kept on the run. Only the job's owner
     * may cancel its runs, as only they may start it; the runs of a job that was deleted may be cancelled by
     * anyone of its company (nobody owns them any more).
     */
    public Run cancel(Caller caller, String runId) {
        requireJobOwner(caller, get(caller, runId));
        for (int attempt = 0; ; attempt++) {
            Run run = get(caller, runId);
            if (run.status().finished()) {
                throw new InvalidStateException("Run " + runId + " has already finished (" + run.status() + ").");
            }
            Instant now = clock.instant();
            Run.Builder b = run.toBuilder().cancelRequested(true).cancelRequestedBy(caller.userId()).cancelRequestedAt(now);
            boolean unheld = run.status() == RunStatus.RUNNING && !RunSweep.held(run, now);
            if (run.status() == RunStatus.QUEUED) {
                b.status(RunStatus.CANCELLED).endedAt(now).error(RunError.of("queue", "cancelled",
                        CancelWatch.message(caller.userId(), now) + " before it started."));
            } else if (unheld) {
                b.status(RunStatus.CANCELLED).endedAt(now).leaseExpiresAt(null).error(RunError.of("lost", "cancelled",
                        CancelWatch.message(caller.userId(), now) + "; no executor held it any more (its lease expired at "
                                + run.leaseExpiresAt() + " without being renewed), so it ended at once."));
            }
            Run updated;
            try {
                updated = runs.update(b.build());
            } catch (ConflictException changed) {
                if (attempt < 3) {
                    continue; // the executor moved the run on (started or finished it) meanwhile: decide again
                }
                throw changed;
            }
            if (unheld) {
                jobs.releaseRunSlot(run.jobId(), run.id());
            }
            cancels.cancelled(runId, caller.userId(), now);
            return updated;
        }
    }

    private void requireJobOwner(Caller caller, Run run) {
        Optional<Job> job = jobs.find(run.jobId());
        if (job.isPresent() && !caller.userId().equals(job.get().ownerUserId())) {
            throw new ForbiddenException("Run " + run.id() + " belongs to job " + run.jobId() + " of "
                    + job.get().ownerUserId() + "; only they may cancel its runs.");
        }
    }

    /** Starts a claimed run and executes it; the observer sees it from RUNNING to its final record. */
    private Run execute(Run claimed, Job job, Deadline deadline) {
        Optional<Run> started = claims.start(claimed);
        if (started.isEmpty()) {
            // another delivery of the same run started it, or it was cancelled while queued: never execute it twice
            return runs.get(claimed.id());
        }
        Run running = started.get();
        observer.started(running);
        Run done = executeInSlot(running, job, deadline);
        observer.finished(done);
        return done;
    }

    /**
     * Executes a RUNNING run in its job's run slot (never two runs of a job at once), watching for cancels.
     * A slot held by a run that has ended, or whose executor is gone, is freed and taken.
     */
    private Run executeInSlot(Run running, Job job, Deadline deadline) {
        Instant now = clock.instant();
        Instant until = deadline.at().equals(Instant.MAX) ? now.plus(Duration.ofHours(1)) : deadline.at().plus(SLOT_GRACE);
        Optional<String> other = jobs.takeRunSlot(job.id(), running.id(), until, now);
        if (other.isPresent() && runs.find(other.get()).map(o -> sweeper.endIfLost(o).status().finished()).orElse(false)) {
            jobs.releaseRunSlot(job.id(), other.get());
            other = jobs.takeRunSlot(job.id(), running.id(), until, clock.instant());
        }
        if (other.isPresent()) {
            String message = "Another run of job " + job.id() + " (" + other.get() + ") is still running; this run did "
                    + "not start, so that two runs never write to the target at once.";
            return recorder.fail(running, RunError.of("job", "overlap", message), 0,
                    new StringBuilder("[job] ").append(message).append('\n'));
        }
        try (CancelWatch.Watch watch = cancels.watch(running.id())) {
            return pipeline.execute(running, job, deadline, watch);
        } finally {
            jobs.releaseRunSlot(job.id(), running.id());
        }
    }

    /** A caller's key as part of a run id: as it is when plain and short, else its SHA-256 (distinct keys stay distinct). */
    static String sanitize(String id) {
        if (id.matches("[A-Za-z0-9._-]{1,64}")) {
            return id;
        }
        return "h" + Sha256.hex(id, 20);
    }
}
