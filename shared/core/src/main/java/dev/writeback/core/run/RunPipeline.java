package dev.writeback.core.run;

import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.SecretRedactor;
import dev.writeback.core.changes.ChangeSet;
import dev.writeback.core.changes.JobChanges;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.job.JobService;
import dev.writeback.core.job.ReportDays;
import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptProgress;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The steps of one execution of a RUNNING run, in order: the job's pinned connector version and its
 * processing script ({@code job}), the account's fresh credentials ({@code credentials}), a data plane over
 * the job's Domo client ({@code domo}), the script under the watchdog and the state it keeps for the next
 * run ({@code script}). A cancel between two steps stops before the next one; every failure is recorded
 * with the step it happened at, so a run never stays RUNNING. While the script runs, the watch reports its progress
 * (rows read and written, requests, bytes sent) to the run's record.
 */
final class RunPipeline {
    private static final Logger LOG = Logger.getLogger(RunPipeline.class.getName());

    private final RunServiceBuilder ports;
    private final ScriptWatchdog watchdog;
    private final RunRecorder recorder;
    private final JobChanges changes;

    RunPipeline(RunServiceBuilder ports, ScriptWatchdog watchdog, RunRecorder recorder) {
        this.ports = ports;
        this.watchdog = watchdog;
        this.recorder = recorder;
        this.changes = new JobChanges(ports.blobs);
    }

    Run execute(Run queued, Job job, Deadline deadline, CancelWatch.Watch watch) {
        CancelSignal cancel = watch.signal();
        Run running = queued;
        StringBuilder log = new StringBuilder();
        String stage = "job";
        SecretRedactor redactor = SecretRedactor.none();
        DataPlane dataPlane = null;
        ScratchDatabase scratch = null;
        ChangeSet changeSet = null;
        try {
            ConnectorVersion connector = ports.connectorVersions.getVersion(job.connectorId(), job.connectorVersion());
            String code = ports.connectors.readScript(connector, ScriptKind.PROCESS).orElseThrow(() -> new InvalidStateException(
                    "Connector " + connector.connectorId() + " v" + connector.version() + " has no processing script."));
            stage = stopIfCancelled("credentials", cancel);
            Account account = ports.accounts.find(job.accountId()).orElseThrow(() -> new InvalidStateException(
                    "The job's account " + job.accountId() + " no longer exists; choose another account for the job."));
            Map<String, String> stored = ports.credentials.forRun(account, connector, deadline);
            String oauthSecret = connector.authentication().type() == AuthType.OAUTH2
                    ? ports.connectors.oauthClientSecret(connector).orElse(null) : null;
            Set<String> redactions = new HashSet<>(AccountCredentials.secrets(connector, stored, oauthSecret));
            stage = stopIfCancelled("domo", cancel);
            DomoCredentials domo = ports.domoClients.forRun(job, connector);
            redactions.add(domo.clientSecret());
            redactor = SecretRedactor.of(redactions);
            WatchedDataPlane watched = new WatchedDataPlane(ports.dataPlanes.open(domo, deadline));
            dataPlane = watched;
            if (job.incremental().tracksChanges()) {
                stage = stopIfCancelled("changes", cancel);
                changeSet = changes.prepare(job, job.parameters().get(JobService.DATASET_PARAMETER), running.id(), dataPlane,
                        () -> stopIfPast(deadline, cancel), log);
                running = running.toBuilder().changes(changeSet.counts()).build();
            }
            stage = stopIfCancelled("script", cancel);
            JobRepository.JobState state = ports.jobs.state(job.id());
            scratch = ports.scratchDatabases == null ? null : ports.scratchDatabases.open(job, connector);
            ScriptProgress progress = new ScriptProgress();
            watch.reportProgress(() -> new RunProgress(watched.rowsRead(), progress.rowsWritten(), progress.requests(),
                    progress.bytesSent(), ports.clock.instant()));
            ScriptInput input = ScriptInput.builder(deadline).account(AccountCredentials.metadata(connector, stored, oauthSecret))
                    .report(job.report()).parameters(job.scriptParameters()).baseUrl(ports.domoBaseUrl).state(state.values())
                    .dataPlane(dataPlane).redactions(redactions).cancel(cancel)
                    .writers(ports.writers == null ? null : ports.writers.forRun(running.id()))
                    .days(ReportDays.of(connector, job, LocalDate.ofInstant(deadline.clock().instant(), ZoneOffset.UTC)))
                    .lastRunDate(job.lastSuccessfulRunStartedAt()).scratchDatabase(scratch).progress(progress).changes(changeSet)
                    .build();
            ScriptSource source = new ScriptSource(ScriptKind.PROCESS.fileName(), code);
            // run records are company-wide while the account is its owner's: keep nothing of its secrets
            ProcessOutcome outcome = redactor.apply(watchdog.run(source, input, deadline, cancel));
            outcome.log().forEach(line -> log.append(line).append('\n'));
            if (outcome.succeeded() && !outcome.state().equals(state.values())) {
                saveState(job, state, outcome.state(), log);
            }
            if (outcome.succeeded() && scratch != null) {
                ports.scratchDatabases.keep(job, connector, scratch, log);
            }
            Run done = recorder.finish(running, outcome, dataPlane.rowsRead(), log, cancel, watched.lastFailure(), redactor);
            if (done.status() == RunStatus.SUCCEEDED) {
                keepSuccessfulRun(job, running);
                if (changeSet != null) {
                    keepSnapshot(job, running, changeSet);
                }
            }
            return done;
        } catch (WritebackException e) {
            long rowsRead = dataPlane == null ? 0 : dataPlane.rowsRead();
            String message = redactor.apply(e.getMessage());
            log.append("[").append(e instanceof Cancelled c ? c.nextStage : stage).append("] ").append(message).append('\n');
            if (e instanceof Cancelled c) {
                return recorder.end(running, RunStatus.CANCELLED, RunError.of(c.nextStage, "cancelled",
                        cancel.reason() + "; it stopped before the " + c.nextStage + " step."), rowsRead, log);
            }
            if (cancel.cancelled()) {
                return recorder.end(running, RunStatus.CANCELLED, RunError.of(stage, "cancelled",
                        cancel.reason() + "; it stopped during the " + stage + " step."), rowsRead, log);
            }
            if (deadline.passed()) {
                return recorder.end(running, RunStatus.TIMED_OUT, RunError.of(stage, "deadline", "The run ran out of time at the "
                        + stage + " step (its deadline was " + deadline.at() + "): " + message), rowsRead, log);
            }
            return recorder.fail(running, RunError.of(stage, e.problemType(), message), rowsRead, log);
        } catch (RuntimeException | VirtualMachineError e) {
            // running out of memory or stack must not leave the run RUNNING either: record it, best effort
            LOG.log(Level.SEVERE, "Run " + running.id() + " failed unexpectedly at " + stage, e);
            log.append("[").append(stage).append("] internal error\n");
            return recorder.fail(running, RunError.of("internal", "internal-error",
                    "The run stopped on an internal error at the " + stage + " step; it has been logged for the operators."),
                    dataPlane == null ? 0 : dataPlane.rowsRead(), log);
        } finally {
            if (scratch != null) {
                scratch.close();
            }
            if (changeSet != null) {
                changeSet.close();
            }
        }
    }

    /**
     * Keeps the snapshot of what this successful run sent, for the next run's difference. If that fails the run has
     * still succeeded; the next run then compares with the previous snapshot and sends this difference again.
     */
    private void keepSnapshot(Job job, Run running, ChangeSet changeSet) {
        try {
            changes.commit(changeSet);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Run " + running.id() + " succeeded but job " + job.id()
                    + " could not keep its change snapshot; the next run sends this difference again", e);
        }
    }

    /** Between rows of a long step: a cancel or the deadline stops the run there. */
    private static void stopIfPast(Deadline deadline, CancelSignal cancel) {
        if (cancel.cancelled()) {
            throw new InvalidStateException(cancel.reason());
        }
        if (deadline.passed()) {
            throw new InvalidStateException("the run's deadline passed while comparing rows with the last successful run");
        }
    }

    /**
     * Keeps the script's state for the next run. If another run of the job saved state meanwhile, this
     * run's writes have happened all the same: it stays successful and says in its log that its state was not kept.
     */
    private void saveState(Job job, JobRepository.JobState before, Map<String, String> after, StringBuilder log) {
        try {
            ports.jobs.saveState(job.id(), before, after);
        } catch (ConflictException overlapped) {
            log.append("[state] another run of this job saved its state during this run; this run's DOMO.setState "
                    + "values were not kept\n");
        }
    }

    /**
     * Keeps on the job when this successful run started, for the next run's {@code metadata.lastRunDate}. The run
     * has succeeded whatever happens here: a job deleted or changing too often meanwhile is logged, not failed.
     */
    private void keepSuccessfulRun(Job job, Run running) {
        try {
            ports.jobs.recordSuccessfulRun(job.id(), running.startedAt());
        } catch (WritebackException e) {
            LOG.log(Level.WARNING, "Run " + running.id() + " succeeded but job " + job.id()
                    + " could not keep when it started: " + e.getMessage());
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
}
