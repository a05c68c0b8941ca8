package dev.writeback.core.run;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.access.Caller;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.AccountRepository;
import dev.writeback.core.account.RunCredentials;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorRepository;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DataPlaneFactory;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobDomoClients;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.Page;
import dev.writeback.core.time.Deadline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The run pipeline: claim the run once, load the job's pinned connector version, get fresh
 * credentials, run the processing script in the sandbox with a data plane over the job's Domo
 * client, and finish the run record. A run never stays RUNNING: every failure is recorded.
 */
public final class RunService {
    /** Rows of the output datagrid kept in the run record itself; the whole grid goes to the blob store. */
    public static final int OUTPUT_ROWS_IN_RECORD = 50;
    /** Longest text cell kept in the run record, and the record's budget for output cells. */
    static final int OUTPUT_CELL_CHARS = 1_000;
    static final int OUTPUT_BYTES_IN_RECORD = 64 * 1024;
    private static final Duration LEASE_GRACE = Duration.ofSeconds(30);
    /** How often an executing run re-reads its record to learn of a cancel request made in another process. */
    public static final Duration CANCEL_POLL_INTERVAL = Duration.ofSeconds(2);
    /**
     * How long the pipeline waits for a script to stop after its deadline or a cancel before it records the
     * outcome anyway (a script inside a long host call, such as a Domo export, stops only when the call returns).
     * The executor keeps more than this back from the Lambda's remaining time.
     */
    public static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final Logger LOG = Logger.getLogger(RunService.class.getName());

    private final RunRepository runs;
    private final JobRepository jobs;
    private final ConnectorRepository connectorVersions;
    private final ConnectorService connectors;
    private final AccountRepository accounts;
    private final RunCredentials credentials;
    private final DataPlaneFactory dataPlanes;
    private final ScriptRunner scripts;
    private final BlobStore blobs;
    private final Clock clock;
    private final String domoBaseUrl;
    private final Supplier<RunLauncher> launcher;
    private final Duration cancelPollInterval;
    /** The cancel signals of the runs executing in this process, so a cancel made here stops them at once. */
    private final Map<String, CancelSignal> executing = new ConcurrentHashMap<>();
    private final JobDomoClients domoClients;
    private final RetryScheduler retries;
    private volatile ScheduledExecutorService cancelPoller;
    private final OutputWriters writers;
    private final RunObserver observer;

    private RunService(Builder b) {
        this.retries = b.retries;
        this.observer = b.observer;
        this.domoClients = b.domoClients;
        this.writers = b.writers;
        this.cancelPollInterval = b.cancelPollInterval;
        this.launcher = b.launcher;
        this.runs = b.runs;
        this.jobs = b.jobs;
        this.connectorVersions = b.connectorVersions;
        this.connectors = b.connectors;
        this.accounts = b.accounts;
        this.credentials = b.credentials;
        this.dataPlanes = b.dataPlanes;
        this.scripts = b.scripts;
        this.blobs = b.blobs;
        this.clock = b.clock;
        this.domoBaseUrl = b.domoBaseUrl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The outcome of asking for a run: the run, and whether this request started it or found it already started. */
    public record Started(Run run, boolean duplicate) {
    }

    /**
     * Starts a run of a job for a caller of its company: claims it (QUEUED) and hands it to the
     * launcher; returns the run as it stands then. {@code requestId}, if given, makes the request
     * idempotent: the same id returns the same run instead of starting another.
     */
    public Started runNow(Caller caller, String jobId, String requestId) {
        Job job = jobs.get(jobId);
        if (!caller.inCompany(job.companyId())) {
            throw new dev.writeback.core.error.NotFoundException("There is no job " + jobId + ".");
        }
        if (!caller.userId().equals(job.ownerUserId())) {
            throw new dev.writeback.core.error.ForbiddenException("Job " + jobId + " belongs to " + job.ownerUserId()
                    + " and runs with their account; only they may run it.");
        }
        // the key is scoped to the job: the same key on another job (or company) must not find this run
        String runId = requestId == null || requestId.isBlank() ? IdGenerator.next("run")
                : "run-" + job.id() + "-" + sanitize(requestId);
        Instant now = clock.instant();
        Run claimed;
        try {
            claimed = runs.create(Run.queued(runId, job, Trigger.HTTP, null, now));
        } catch (ConflictException duplicate) {
            return new Started(expireLease(runs.get(runId)), true);
        }
        try {
            launcher.get().launch(claimed);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Run " + runId + " could not be launched", e);
            return new Started(fail(claimed, RunError.of("launch", "launch-failed",
                    "The run could not be handed to the executor; start it again."), 0,
                    new StringBuilder("[launch] the executor could not be invoked\n"), "runs/" + runId + "/log.txt"), false);
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
        if (job.status() == dev.writeback.core.job.JobStatus.PAUSED) {
            throw new InvalidStateException("Job " + jobId + " is paused; its schedule event " + eventId + " was not run.");
        }
        Started started = claimAndExecute(job, Trigger.SCHEDULE, eventId, "run-sched-" + sanitize(eventId), deadline);
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
            throw new dev.writeback.core.error.NotFoundException("There is no run " + runId + ".");
        }
        return expireLease(run);
    }

    public Page<Run> list(Caller caller, String jobId, int limit, String cursor) {
        Job job = jobs.get(jobId);
        if (!caller.inCompany(job.companyId())) {
            throw new dev.writeback.core.error.NotFoundException("There is no job " + jobId + ".");
        }
        return runs.listForJob(jobId, limit <= 0 ? 25 : Math.min(limit, 100), cursor).map(this::expireLease);
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
     * records CANCELLED. Who asked and when are kept on the run.
     */
    public Run cancel(Caller caller, String runId) {
        for (int attempt = 0; ; attempt++) {
            Run run = get(caller, runId);
            if (run.status().finished()) {
                throw new InvalidStateException("Run " + runId + " has already finished (" + run.status() + ").");
            }
            Instant now = clock.instant();
            Run.Builder b = run.toBuilder().cancelRequested(true).cancelRequestedBy(caller.userId()).cancelRequestedAt(now);
            if (run.status() == RunStatus.QUEUED) {
                b.status(RunStatus.CANCELLED).endedAt(now).error(RunError.of("queue", "cancelled",
                        cancelledMessage(caller.userId(), now) + " before it started."));
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
            CancelSignal signal = executing.get(runId);
            if (signal != null) {
                signal.cancel(cancelledMessage(caller.userId(), now));
            }
            return updated;
        }
    }

    private static String cancelledMessage(String userId, Instant at) {
        return "The run was cancelled by " + (userId == null ? "a user" : userId) + " at " + at;
    }

    private Started claimAndExecute(Job job, Trigger trigger, String triggerId, String runId, Deadline deadline) {
        Run claimed;
        try {
            claimed = runs.create(Run.queued(runId, job, trigger, triggerId, clock.instant()));
        } catch (ConflictException duplicate) {
            return new Started(expireLease(runs.get(runId)), true);
        }
        return new Started(execute(claimed, job, deadline), false);
    }

    private Run execute(Run claimed, Job job, Deadline deadline) {
        Instant started = clock.instant();
        Run running;
        try {
            running = runs.update(claimed.toBuilder().status(RunStatus.RUNNING).startedAt(started)
                    .leaseExpiresAt(deadline.at().equals(Instant.MAX) ? started.plus(Duration.ofHours(1))
                            : deadline.at().plus(LEASE_GRACE))
                    .build());
        } catch (ConflictException movedOn) {
            // another delivery of the same run started it, or it was cancelled while queued: never execute it twice
            return runs.get(claimed.id());
        }
        observer.started(running);
        Run done = executeInSlot(running, job, deadline);
        observer.finished(done);
        return done;
    }

    private Run executeInSlot(Run running, Job job, Deadline deadline) {
        Optional<String> other = jobs.takeRunSlot(job.id(), running.id(), running.leaseExpiresAt(), clock.instant());
        if (other.isPresent()) {
            String message = "Another run of job " + job.id() + " (" + other.get() + ") is still running; this run did "
                    + "not start, so that two runs never write to the target at once.";
            return fail(running, RunError.of("job", "overlap", message), 0,
                    new StringBuilder("[job] ").append(message).append('\n'), "runs/" + running.id() + "/log.txt");
        }
        CancelSignal cancel = new CancelSignal();
        executing.put(running.id(), cancel);
        ScheduledFuture<?> poll = pollForCancel(running.id(), cancel);
        try {
            return execute(running, job, deadline, cancel);
        } finally {
            poll.cancel(false);
            executing.remove(running.id());
            jobs.releaseRunSlot(job.id(), running.id());
        }
    }

    private Run execute(Run running, Job job, Deadline deadline, CancelSignal cancel) {
        String logKey = "runs/" + running.id() + "/log.txt";
        StringBuilder log = new StringBuilder();
        String stage = "job";
        DataPlane dataPlane = null;
        try {
            ConnectorVersion connector = connectorVersions.getVersion(job.connectorId(), job.connectorVersion());
            String code = connectors.readScript(connector, ScriptKind.PROCESS).orElseThrow(() -> new InvalidStateException(
                    "Connector " + connector.connectorId() + " v" + connector.version() + " has no processing script."));
            stage = stopIfCancelled("credentials", cancel);
            Account account = accounts.find(job.accountId()).orElseThrow(() -> new InvalidStateException(
                    "The job's account " + job.accountId() + " no longer exists; choose another account for the job."));
            Map<String, String> stored = credentials.forRun(account, connector, deadline);
            String oauthSecret = connector.authentication().type() == AuthType.OAUTH2
                    ? connectors.oauthClientSecret(connector).orElse(null) : null;
            Set<String> redactions = new HashSet<>(AccountCredentials.secrets(connector, stored, oauthSecret));
            stage = stopIfCancelled("domo", cancel);
            DomoCredentials domo = domoClients.forRun(job, connector);
            redactions.add(domo.clientSecret());
            WatchedDataPlane watched = new WatchedDataPlane(dataPlanes.open(domo, deadline));
            dataPlane = watched;
            stage = stopIfCancelled("script", cancel);
            JobRepository.JobState state = jobs.state(job.id());
            ScriptInput input = new ScriptInput(AccountCredentials.metadata(connector, stored, oauthSecret),
                    job.report(), Map.copyOf(job.parameters()), domoBaseUrl, state.values(), dataPlane, deadline,
                    redactions, cancel, writers == null ? null : writers.forRun(running.id()));
            ScriptSource source = new ScriptSource(ScriptKind.PROCESS.fileName(), code);
            ProcessOutcome outcome = runScript(source, input, deadline, cancel);
            outcome.log().forEach(line -> log.append(line).append('\n'));
            if (outcome.succeeded() && !outcome.state().equals(state.values())) {
                saveState(job, state, outcome.state(), log);
            }
            return finish(running, outcome, dataPlane.rowsRead(), log, logKey, cancel, watched.lastFailure());
        } catch (WritebackException e) {
            long rowsRead = dataPlane == null ? 0 : dataPlane.rowsRead();
            log.append("[").append(e instanceof Cancelled c ? c.nextStage : stage).append("] ").append(e.getMessage()).append('\n');
            if (e instanceof Cancelled c) {
                return end(running, RunStatus.CANCELLED, RunError.of(c.nextStage, "cancelled",
                        cancel.reason() + "; it stopped before the " + c.nextStage + " step."), rowsRead, log, logKey);
            }
            if (cancel.cancelled()) {
                return end(running, RunStatus.CANCELLED, RunError.of(stage, "cancelled",
                        cancel.reason() + "; it stopped during the " + stage + " step."), rowsRead, log, logKey);
            }
            if (deadline.passed()) {
                return end(running, RunStatus.TIMED_OUT, RunError.of(stage, "deadline", "The run ran out of time at the "
                        + stage + " step (its deadline was " + deadline.at() + "): " + e.getMessage()),
                        rowsRead, log, logKey);
            }
            return fail(running, RunError.of(stage, e.problemType(), e.getMessage()), rowsRead, log, logKey);
        } catch (RuntimeException | VirtualMachineError e) {
            // running out of memory or stack must not leave the run RUNNING either: record it, best effort
            LOG.log(Level.SEVERE, "Run " + running.id() + " failed unexpectedly at " + stage, e);
            log.append("[").append(stage).append("] internal error\n");
            return fail(running, RunError.of("internal", "internal-error",
                    "The run stopped on an internal error at the " + stage + " step; it has been logged for the operators."),
                    dataPlane == null ? 0 : dataPlane.rowsRead(), log, logKey);
        }
    }

    /**
     * Keeps the script's state for the next run. If another run of the job saved state meanwhile, this
     * run's writes have happened all the same: it stays successful and says in its log that its state was not kept.
     */
    private void saveState(Job job, JobRepository.JobState before, Map<String, String> after, StringBuilder log) {
        try {
            jobs.saveState(job.id(), before, after);
        } catch (ConflictException overlapped) {
            log.append("[state] another run of this job saved its state during this run; this run's DOMO.setState "
                    + "values were not kept\n");
        }
    }

    /** A run cancelled between two steps stops before the next one. */
    private static String stopIfCancelled(String nextStage, CancelSignal cancel) {
        if (cancel.cancelled()) {
            throw new Cancelled(nextStage);
        }
        return nextStage;
    }

    /** Thrown between steps when a cancel request arrived; recorded as CANCELLED at the step that was next. */
    private static final class Cancelled extends WritebackException {
        private final String nextStage;

        Cancelled(String nextStage) {
            super("cancelled before the " + nextStage + " step");
            this.nextStage = nextStage;
        }

        @Override
        public int status() {
            return 409;
        }

        @Override
        public String problemType() {
            return "cancelled";
        }

        @Override
        public String title() {
            return "Run cancelled";
        }
    }

    /**
     * Runs the script on its own thread and waits for it, but no longer than {@link #STOP_GRACE} past the
     * deadline or past a cancel: the run record must be written before the function's time runs out even if
     * the script is stuck in a host call that the sandbox cannot interrupt.
     */
    private ProcessOutcome runScript(ScriptSource source, ScriptInput input, Deadline deadline, CancelSignal cancel) {
        CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("run-script").start(() -> {
            try {
                outcome.complete(scripts.process(source, input));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        long[] cancelledAt = {0};
        try (AutoCloseable ignored = cancel.onCancel(() -> cancelledAt[0] = System.nanoTime())) {
            while (true) {
                try {
                    return outcome.get(250, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    boolean pastDeadline = deadline.remaining().isZero()
                            && clock.instant().isAfter(deadline.at().plus(STOP_GRACE));
                    boolean pastCancel = cancelledAt[0] != 0 && System.nanoTime() - cancelledAt[0] > STOP_GRACE.toNanos();
                    if (pastDeadline || pastCancel) {
                        ScriptError.Kind kind = pastCancel ? ScriptError.Kind.CANCELLED : ScriptError.Kind.DEADLINE;
                        String why = pastCancel ? cancel.reason() + "; the script did not stop within "
                                + STOP_GRACE.toSeconds() + " s (it was inside a host call), so the run was ended without it."
                                : "script exceeded its deadline (the run's time ran out at " + deadline.at()
                                + ") and did not stop within " + STOP_GRACE.toSeconds()
                                + " s (it was inside a host call), so the run was ended without it";
                        return new ProcessOutcome(new ScriptError(kind, why, source.name(), 0, 0, null), DataGrid.empty(),
                                List.of(), input.state(), dev.writeback.core.script.HttpUsage.NONE, 0);
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the script", e);
        } catch (Exception closing) {
            throw new IllegalStateException(closing);
        }
    }

    /** Re-reads the run every {@link #cancelPollInterval} while it executes: a cancel may come from another process. */
    private ScheduledFuture<?> pollForCancel(String runId, CancelSignal cancel) {
        return poller().scheduleWithFixedDelay(() -> {
            try {
                runs.find(runId).filter(Run::cancelRequested).ifPresent(r ->
                        cancel.cancel(cancelledMessage(r.cancelRequestedBy(), r.cancelRequestedAt())));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not read run " + runId + " to look for a cancel request; trying again", e);
            }
        }, cancelPollInterval.toMillis(), cancelPollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ScheduledExecutorService poller() {
        ScheduledExecutorService p = cancelPoller;
        if (p == null) {
            synchronized (this) {
                if (cancelPoller == null) {
                    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "run-cancel-poll");
                        t.setDaemon(true);
                        return t;
                    });
                    e.setRemoveOnCancelPolicy(true);
                    cancelPoller = e;
                }
                p = cancelPoller;
            }
        }
        return p;
    }

    /**
     * The first rows of the output for the run record, within a byte budget (a table item is at most
     * 400 KB): long cells are shortened; the whole grid is in the output blob.
     */
    static DataGrid head(DataGrid grid) {
        List<List<Object>> rows = new java.util.ArrayList<>();
        int budget = OUTPUT_BYTES_IN_RECORD;
        boolean cut = grid.rows().size() > OUTPUT_ROWS_IN_RECORD;
        for (List<Object> row : grid.rows().subList(0, Math.min(grid.rows().size(), OUTPUT_ROWS_IN_RECORD))) {
            List<Object> kept = new java.util.ArrayList<>(row.size());
            for (Object cell : row) {
                if (cell instanceof String text && text.length() > OUTPUT_CELL_CHARS) {
                    kept.add(text.substring(0, OUTPUT_CELL_CHARS) + "…");
                    cut = true;
                } else {
                    kept.add(cell);
                }
                budget -= cell == null ? 4 : Math.min(String.valueOf(cell).length(), OUTPUT_CELL_CHARS) + 4;
            }
            if (budget < 0) {
                cut = true;
                break;
            }
            rows.add(kept);
        }
        return cut ? new DataGrid(grid.columns(), rows, true) : grid;
    }

    private Run finish(Run running, ProcessOutcome outcome, long rowsRead, StringBuilder log, String logKey,
                       CancelSignal cancel, WritebackException dataFailure) {
        DataGrid grid = outcome.grid() == null ? DataGrid.empty() : outcome.grid();
        String outputKey = null;
        if (!grid.columns().isEmpty()) {
            outputKey = "runs/" + running.id() + "/output.csv";
            blobs.put(outputKey, DataGridCsv.write(grid).getBytes(StandardCharsets.UTF_8), "text/csv");
        }
        ScriptError err = outcome.error();
        RunStatus status = err == null ? RunStatus.SUCCEEDED
                : err.kind() == ScriptError.Kind.CANCELLED || cancel.cancelled() ? RunStatus.CANCELLED
                : err.kind() == ScriptError.Kind.DEADLINE ? RunStatus.TIMED_OUT : RunStatus.FAILED;
        String message = err == null ? null : status == RunStatus.CANCELLED && err.kind() != ScriptError.Kind.CANCELLED
                ? cancel.reason() + "; the script then stopped with: " + err.message() : err.message();
        if (err != null) {
            log.append("[script] ").append(err.describe()).append('\n');
        }
        blobs.put(logKey, log.toString().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        DataGrid head = head(grid);
        Run done = running.toBuilder().status(status).endedAt(clock.instant()).leaseExpiresAt(null)
                .rowsRead(rowsRead).rowsWritten(grid.rows().size() + outcome.rowsWritten())
                .bytesWritten(outcome.http().bytesSent()).requests(outcome.http().requests())
                .output(head).outputKey(outputKey).logKey(logKey)
                .error(err == null ? null : status == RunStatus.FAILED && endedOn(err, dataFailure)
                        ? new RunError("domo", dataFailure.problemType(), dataFailure.getMessage(), err.script(), err.line(),
                        err.column())
                        : new RunError("script", status == RunStatus.CANCELLED ? "CANCELLED" : err.kind().name(), message,
                        err.script(), err.line(), err.column()))
                .build();
        return writeFinal(done);
    }

    /** The script ended on the data plane's failure (it did not catch it): the failure is Domo's, not the script's. */
    private static boolean endedOn(ScriptError err, WritebackException dataFailure) {
        return dataFailure != null && err.kind() == ScriptError.Kind.RUNTIME && dataFailure.getMessage() != null
                && err.message().contains(dataFailure.getMessage());
    }

    private Run fail(Run running, RunError error, long rowsRead, StringBuilder log, String logKey) {
        return end(running, RunStatus.FAILED, error, rowsRead, log, logKey);
    }

    private Run end(Run running, RunStatus status, RunError error, long rowsRead, StringBuilder log, String logKey) {
        blobs.put(logKey, log.toString().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        return writeFinal(running.toBuilder().status(status).endedAt(clock.instant()).leaseExpiresAt(null)
                .rowsRead(rowsRead).error(error).logKey(logKey).build());
    }

    /** Writes the final record; if a cancel request landed meanwhile, keeps it and still records the outcome. */
    private Run writeFinal(Run done) {
        try {
            return runs.update(done);
        } catch (ConflictException changed) {
            Run current = runs.get(done.id());
            return runs.update(done.toBuilder().revision(current.revision()).cancelRequested(current.cancelRequested())
                    .cancelRequestedBy(current.cancelRequestedBy()).cancelRequestedAt(current.cancelRequestedAt())
                    .build());
        }
    }

    /** A RUNNING run whose executor's lease ended is marked FAILED: its container stopped without finishing it. */
    private Run expireLease(Run run) {
        if (run.status() != RunStatus.RUNNING || run.leaseExpiresAt() == null
                || clock.instant().isBefore(run.leaseExpiresAt())) {
            return run;
        }
        try {
            return runs.update(run.toBuilder().status(RunStatus.FAILED).endedAt(run.leaseExpiresAt())
                    .leaseExpiresAt(null)
                    .error(RunError.of("executor", "lease-expired",
                            "The executor stopped without finishing the run (its lease expired at " + run.leaseExpiresAt()
                                    + "); nothing after that point was recorded."))
                    .build());
        } catch (ConflictException raced) {
            return runs.get(run.id());
        }
    }

    /** A caller's key as part of a run id: as it is when plain and short, else its SHA-256 (distinct keys stay distinct). */
    static String sanitize(String id) {
        if (id.matches("[A-Za-z0-9._-]{1,64}")) {
            return id;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "h" + java.util.HexFormat.of().formatHex(digest, 0, 20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The ports and settings runs work with. All are required except the output writers (scripts then
     * have no {@code DOMO.writeTo}), the retry scheduler (failed scheduled runs are then not retried), the
     * observer and the cancel poll interval.
     */
    public static final class Builder {
        RunRepository runs;
        JobRepository jobs;
        ConnectorRepository connectorVersions;
        ConnectorService connectors;
        AccountRepository accounts;
        RunCredentials credentials;
        JobDomoClients domoClients;
        DataPlaneFactory dataPlanes;
        ScriptRunner scripts;
        OutputWriters writers;
        BlobStore blobs;
        Clock clock;
        String domoBaseUrl;
        Supplier<RunLauncher> launcher;
        Duration cancelPollInterval = CANCEL_POLL_INTERVAL;
        RetryScheduler retries;
        RunObserver observer = RunObserver.NONE;

        private Builder() {
        }

        public Builder runs(RunRepository v) { runs = v; return this; }
        public Builder jobs(JobRepository v) { jobs = v; return this; }
        /** Where the job's pinned connector version is read. */
        public Builder connectorVersions(ConnectorRepository v) { connectorVersions = v; return this; }
        /** The connector use case: a version's scripts and secrets. */
        public Builder connectors(ConnectorService v) { connectors = v; return this; }
        public Builder accounts(AccountRepository v) { accounts = v; return this; }
        public Builder credentials(RunCredentials v) { credentials = v; return this; }
        public Builder domoClients(JobDomoClients v) { domoClients = v; return this; }
        public Builder dataPlanes(DataPlaneFactory v) { dataPlanes = v; return this; }
        public Builder scripts(ScriptRunner v) { scripts = v; return this; }
        public Builder writers(OutputWriters v) { writers = v; return this; }
        public Builder blobs(BlobStore v) { blobs = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        /** What scripts see as {@code metadata.baseurl}. */
        public Builder domoBaseUrl(String v) { domoBaseUrl = v; return this; }
        /** Where runs started over HTTP execute; asked for on the first such run. */
        public Builder launcher(Supplier<RunLauncher> v) { launcher = v; return this; }
        public Builder cancelPollInterval(Duration v) { cancelPollInterval = v; return this; }
        public Builder retries(RetryScheduler v) { retries = v; return this; }
        public Builder observer(RunObserver v) { observer = v; return this; }

        public RunService build() {
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(jobs, "jobs");
            Objects.requireNonNull(connectorVersions, "connectorVersions");
            Objects.requireNonNull(connectors, "connectors");
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(domoClients, "domoClients");
            Objects.requireNonNull(dataPlanes, "dataPlanes");
            Objects.requireNonNull(scripts, "scripts");
            Objects.requireNonNull(blobs, "blobs");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(domoBaseUrl, "domoBaseUrl");
            Objects.requireNonNull(launcher, "launcher");
            Objects.requireNonNull(cancelPollInterval, "cancelPollInterval");
            Objects.requireNonNull(observer, "observer");
            return new RunService(this);
        }
    }
}
