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
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.output.OutputWriters;
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
import java.util.Optional;
import java.util.Set;
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
    private static final Duration LEASE_GRACE = Duration.ofSeconds(30);
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
    private final java.util.function.Supplier<RunLauncher> launcher;
    private OutputWriters writers;

    public RunService(RunRepository runs, JobRepository jobs, ConnectorRepository connectorVersions,
                      ConnectorService connectors, AccountRepository accounts, RunCredentials credentials,
                      DataPlaneFactory dataPlanes, ScriptRunner scripts, BlobStore blobs, Clock clock,
                      String domoBaseUrl, java.util.function.Supplier<RunLauncher> launcher) {
        this.launcher = launcher;
        this.runs = runs;
        this.jobs = jobs;
        this.connectorVersions = connectorVersions;
        this.connectors = connectors;
        this.accounts = accounts;
        this.credentials = credentials;
        this.dataPlanes = dataPlanes;
        this.scripts = scripts;
        this.blobs = blobs;
        this.clock = clock;
        this.domoBaseUrl = domoBaseUrl;
    }

    /** The built-in writers scripts may use ({@code DOMO.writeTo}); without them scripts get a clear error. */
    public RunService withOutputWriters(OutputWriters outputWriters) {
        this.writers = outputWriters;
        return this;
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
        // the key is scoped to the job: the same key on another job (or company) must not find this run
        String runId = requestId == null || requestId.isBlank() ? IdGenerator.next("run")
                : "run-" + job.id() + "-" + sanitize(requestId);
        Instant now = clock.instant();
        Run claimed;
        try {
            claimed = runs.create(queued(job, Trigger.HTTP, null, runId, now));
        } catch (ConflictException duplicate) {
            return new Started(expireLease(runs.get(runId)), true);
        }
        try {
            launcher.get().launch(claimed);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Run " + runId + " could not be launched", e);
            return new Started(fail(claimed, new RunError("launch", "launch-failed",
                    "The run could not be handed to the executor; start it again.", null, 0, 0), 0,
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
        Job job = jobs.get(jobId);
        if (job.status() == dev.writeback.core.job.JobStatus.PAUSED) {
            throw new InvalidStateException("Job " + jobId + " is paused; its schedule event " + eventId + " was not run.");
        }
        return claimAndExecute(job, Trigger.SCHEDULE, eventId, "run-sched-" + sanitize(eventId), deadline);
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

    /** Cancels a queued run at once; a running one is asked to stop. */
    public Run cancel(Caller caller, String runId) {
        Run run = get(caller, runId);
        if (run.status().finished()) {
            throw new InvalidStateException("Run " + runId + " has already finished (" + run.status() + ").");
        }
        Run.Builder b = run.toBuilder().cancelRequested(true);
        if (run.status() == RunStatus.QUEUED) {
            b.status(RunStatus.CANCELLED).endedAt(clock.instant());
        }
        return runs.update(b.build());
    }

    private static Run queued(Job job, Trigger trigger, String triggerId, String runId, Instant now) {
        return new Run(runId, job.id(), job.companyId(), trigger, triggerId, job.connectorId(),
                job.connectorVersion(), RunStatus.QUEUED, now, null, null, null, 0, 0, 0, 0, null, null, null, null,
                false, 0);
    }

    private Started claimAndExecute(Job job, Trigger trigger, String triggerId, String runId, Deadline deadline) {
        Run claimed;
        try {
            claimed = runs.create(queued(job, trigger, triggerId, runId, clock.instant()));
        } catch (ConflictException duplicate) {
            return new Started(expireLease(runs.get(runId)), true);
        }
        return new Started(execute(claimed, job, deadline), false);
    }

    private Run execute(Run claimed, Job job, Deadline deadline) {
        Instant started = clock.instant();
        Run running = runs.update(claimed.toBuilder().status(RunStatus.RUNNING).startedAt(started)
                .leaseExpiresAt(deadline.at().equals(Instant.MAX) ? started.plus(Duration.ofHours(1))
                        : deadline.at().plus(LEASE_GRACE))
                .build());
        String logKey = "runs/" + running.id() + "/log.txt";
        StringBuilder log = new StringBuilder();
        String stage = "job";
        DataPlane dataPlane = null;
        try {
            ConnectorVersion connector = connectorVersions.getVersion(job.connectorId(), job.connectorVersion());
            String code = connectors.readScript(connector, ScriptKind.PROCESS).orElseThrow(() -> new InvalidStateException(
                    "Connector " + connector.connectorId() + " v" + connector.version() + " has no processing script."));
            stage = "credentials";
            Account account = accounts.find(job.accountId()).orElseThrow(() -> new InvalidStateException(
                    "The job's account " + job.accountId() + " no longer exists; choose another account for the job."));
            Map<String, String> stored = credentials.forRun(account, connector, deadline);
            String oauthSecret = connector.authentication().type() == AuthType.OAUTH2
                    ? connectors.oauthClientSecret(connector).orElse(null) : null;
            Set<String> redactions = new HashSet<>(AccountCredentials.secrets(connector, stored, oauthSecret));
            stage = "domo";
            if (connector.domo() == null) {
                throw new InvalidStateException("Connector " + connector.connectorId() + " has no Domo API client.");
            }
            String domoSecret = connectors.domoSecret(connector).orElseThrow(() -> new InvalidStateException(
                    "The Domo client secret of connector " + connector.connectorId() + " is missing; set the Domo client again."));
            redactions.add(domoSecret);
            dataPlane = dataPlanes.open(new DomoCredentials(connector.domo().clientKey(), domoSecret, List.of("data")),
                    deadline);
            stage = "script";
            JobRepository.JobState state = jobs.state(job.id());
            ScriptInput input = new ScriptInput(AccountCredentials.metadata(connector, stored, oauthSecret),
                    job.report(), Map.copyOf(job.parameters()), domoBaseUrl, state.values(), dataPlane, deadline,
                    redactions, writers == null ? null : writers.forRun(running.id()));
            ProcessOutcome outcome = scripts.process(new ScriptSource(ScriptKind.PROCESS.fileName(), code), input);
            outcome.log().forEach(line -> log.append(line).append('\n'));
            if (outcome.succeeded() && !outcome.state().equals(state.values())) {
                jobs.saveState(job.id(), state, outcome.state());
            }
            return finish(running, outcome, dataPlane.rowsRead(), log, logKey);
        } catch (WritebackException e) {
            log.append("[").append(stage).append("] ").append(e.getMessage()).append('\n');
            return fail(running, new RunError(stage, e.problemType(), e.getMessage(), null, 0, 0),
                    dataPlane == null ? 0 : dataPlane.rowsRead(), log, logKey);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Run " + running.id() + " failed unexpectedly at " + stage, e);
            log.append("[").append(stage).append("] internal error\n");
            return fail(running, new RunError("internal", "internal-error",
                    "The run stopped on an internal error at the " + stage + " step; it has been logged for the operators.",
                    null, 0, 0), dataPlane == null ? 0 : dataPlane.rowsRead(), log, logKey);
        }
    }

    private Run finish(Run running, ProcessOutcome outcome, long rowsRead, StringBuilder log, String logKey) {
        DataGrid grid = outcome.grid() == null ? DataGrid.empty() : outcome.grid();
        String outputKey = null;
        if (!grid.columns().isEmpty()) {
            outputKey = "runs/" + running.id() + "/output.csv";
            blobs.put(outputKey, DataGridCsv.write(grid).getBytes(StandardCharsets.UTF_8), "text/csv");
        }
        ScriptError err = outcome.error();
        RunStatus status = err == null ? RunStatus.SUCCEEDED
                : err.kind() == ScriptError.Kind.DEADLINE ? RunStatus.TIMED_OUT : RunStatus.FAILED;
        if (err != null) {
            log.append("[script] ").append(err.describe()).append('\n');
        }
        blobs.put(logKey, log.toString().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        DataGrid head = grid.rows().size() <= OUTPUT_ROWS_IN_RECORD ? grid
                : new DataGrid(grid.columns(), grid.rows().subList(0, OUTPUT_ROWS_IN_RECORD), true);
        Run done = running.toBuilder().status(status).endedAt(clock.instant()).leaseExpiresAt(null)
                .rowsRead(rowsRead).rowsWritten(grid.rows().size() + outcome.rowsWritten())
                .bytesWritten(outcome.http().bytesSent()).requests(outcome.http().requests())
                .output(head).outputKey(outputKey).logKey(logKey)
                .error(err == null ? null : new RunError("script", err.kind().name(), err.message(), err.script(),
                        err.line(), err.column()))
                .build();
        return writeFinal(done);
    }

    private Run fail(Run running, RunError error, long rowsRead, StringBuilder log, String logKey) {
        blobs.put(logKey, log.toString().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        return writeFinal(running.toBuilder().status(RunStatus.FAILED).endedAt(clock.instant()).leaseExpiresAt(null)
                .rowsRead(rowsRead).error(error).logKey(logKey).build());
    }

    /** Writes the final record; if a cancel request landed meanwhile, keeps it and still records the outcome. */
    private Run writeFinal(Run done) {
        try {
            return runs.update(done);
        } catch (ConflictException changed) {
            Run current = runs.get(done.id());
            return runs.update(done.toBuilder().revision(current.revision()).cancelRequested(current.cancelRequested())
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
                    .error(new RunError("executor", "lease-expired",
                            "The executor stopped without finishing the run (its lease expired at " + run.leaseExpiresAt()
                                    + "); nothing after that point was recorded.", null, 0, 0))
                    .build());
        } catch (ConflictException raced) {
            return runs.get(run.id());
        }
    }

    private static String sanitize(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    Optional<Run> find(String runId) {
        return runs.find(runId);
    }
}
