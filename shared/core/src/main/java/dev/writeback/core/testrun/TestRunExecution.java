package dev.writeback.core.testrun;

import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.AccountRepository;
import dev.writeback.core.account.RunCredentials;
import dev.writeback.core.account.SecretRedactor;
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
import dev.writeback.core.job.JobDomoClients;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.WritePreview;
import dev.writeback.core.run.RunService;
import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Executes one queued test run: its credentials (the account's, refreshed, or the inline fields kept for it), for a
 * process script the connector's Domo client and a data plane whose queries are recorded and capped, then the script
 * with a {@link TestRunTrace} on its requests and writes, under the test run's own deadline. Every end is recorded,
 * so a test run never stays RUNNING past its executor; inline fields are deleted whatever happens.
 */
final class TestRunExecution {
    private static final Logger LOG = Logger.getLogger(TestRunExecution.class.getName());
    private static final ScheduledExecutorService CANCEL_POLLS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-run-cancel-poll");
        t.setDaemon(true);
        return t;
    });

    private final TestRunRepository repository;
    private final ConnectorService connectors;
    private final RunCredentials credentials;
    private final JobDomoClients domoClients;
    private final DataPlaneFactory dataPlanes;
    private final ScriptRunner scripts;
    private final OutputWriters liveWriters;
    private final WritePreview.Maker previews;
    private final SecretVault vault;
    private final Clock clock;
    private final String domoBaseUrl;
    private final AccountRepository accounts;
    private final ConnectorRepository versions;

    TestRunExecution(TestRunRepository repository, ConnectorService connectors, ConnectorRepository versions,
                     AccountRepository accounts,
                     RunCredentials credentials, JobDomoClients domoClients, DataPlaneFactory dataPlanes,
                     ScriptRunner scripts, OutputWriters liveWriters, WritePreview.Maker previews, SecretVault vault,
                     Clock clock, String domoBaseUrl) {
        this.repository = repository;
        this.connectors = connectors;
        this.accounts = accounts;
        this.versions = versions;
        this.credentials = credentials;
        this.domoClients = domoClients;
        this.dataPlanes = dataPlanes;
        this.scripts = scripts;
        this.liveWriters = liveWriters;
        this.previews = previews;
        this.vault = vault;
        this.clock = clock;
        this.domoBaseUrl = domoBaseUrl;
    }

    TestRun execute(String id, Deadline executorDeadline) {
        TestRun queued = repository.findSummary(id).orElseThrow(() -> TestRunRepository.notFound(id));
        if (queued.status() != TestRunStatus.QUEUED) {
            return queued;
        }
        TestRun running;
        try {
            running = repository.update(queued.toBuilder().status(TestRunStatus.RUNNING).startedAt(clock.instant()).build(),
                    TestRunService.expiry(queued.queuedAt()));
        } catch (ConflictException startedElsewhere) {
            return repository.findSummary(id).orElseThrow();
        }
        Deadline deadline = Deadline.after(TestRunService.DEADLINE, clock);
        if (executorDeadline != null && executorDeadline.at().isBefore(deadline.at())) {
            deadline = executorDeadline;
        }
        CancelSignal cancel = new CancelSignal();
        ScheduledFuture<?> poll = CANCEL_POLLS.scheduleWithFixedDelay(() -> pollCancel(id, cancel), 1, 1, TimeUnit.SECONDS);
        try {
            return run(running, deadline, cancel);
        } finally {
            poll.cancel(false);
            if (running.settings().inlineFields()) {
                vault.delete(TestRunService.fieldsSecretName(id));
            }
        }
    }

    private void pollCancel(String id, CancelSignal cancel) {
        try {
            repository.findSummary(id).filter(TestRun::cancelRequested).ifPresent(r -> cancel.cancel("the test run was cancelled"));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not read test run " + id + " for a cancel request", e);
        }
    }

    private TestRun run(TestRun running, Deadline deadline, CancelSignal cancel) {
        String stage = "credentials";
        SecretRedactor redactor = SecretRedactor.none();
        TestRunTrace trace = new TestRunTrace("dry".equals(running.mode()), running.settings().responses(),
                TestRunService.REQUEST_BUDGET);
        try {
            ConnectorVersion connector = versions.getVersion(running.connectorId(), running.connectorVersion());
            ScriptKind kind = "auth".equals(running.script()) ? ScriptKind.AUTH : ScriptKind.PROCESS;
            String code = connectors.readScript(connector, kind).orElseThrow(() -> new InvalidStateException(
                    "Connector " + connector.connectorId() + " v" + connector.version() + " has no " + kind.fileName() + "."));
            Map<String, String> stored = credentials(running, connector, deadline);
            String oauthSecret = connector.authentication().type() == AuthType.OAUTH2
                    ? connectors.oauthClientSecret(connector).orElse(null) : null;
            Set<String> redactions = new HashSet<>(AccountCredentials.secrets(connector, stored, oauthSecret));
            redactor = SecretRedactor.of(redactions);
            Map<String, Object> account = AccountCredentials.metadata(connector, stored, oauthSecret);
            ScriptSource source = new ScriptSource(kind.fileName(), code);
            if (kind == ScriptKind.AUTH) {
                stage = "script";
                ScriptInput input = ScriptInput.builder(deadline).account(account).baseUrl(domoBaseUrl).redactions(redactions)
                        .cancel(cancel).http(trace.http()).build();
                return finishAuth(running, scripts.authenticate(source, input), trace, redactor, cancel);
            }
            stage = "domo";
            DomoCredentials domo = domoClients.connectorClient(connector);
            redactions.add(domo.clientSecret());
            redactor = SecretRedactor.of(redactions);
            if (dataPlanes == null) {
                throw new InvalidStateException("This function reads no DataSets; process test runs run on the executor.");
            }
            DataPlane plane = trace.queries(dataPlanes.open(domo, deadline), running.settings().rowLimit());
            stage = "script";
            ScriptInput input = ScriptInput.builder(deadline).account(account).report(running.settings().report())
                    .parameters(Map.copyOf(running.settings().parameters())).baseUrl(domoBaseUrl).dataPlane(plane)
                    .redactions(redactions).cancel(cancel)
                    .writers(trace.writers(liveWriters == null ? null : liveWriters.forRun(running.id()), previews))
                    .http(trace.http()).build();
            ProcessOutcome outcome = redactor.apply(scripts.process(source, input));
            return finishProcess(running, outcome, trace, redactor, cancel);
        } catch (WritebackException e) {
            String message = redactor.apply(e.getMessage());
            return end(running, cancel.cancelled() ? TestRunStatus.CANCELLED : TestRunStatus.FAILED,
                    new TestRun.Outcome("auth".equals(running.script()) ? false : null, message, stage, e.problemType(),
                            null, null, null), List.of("[" + stage + "] " + message), trace, redactor);
        } catch (RuntimeException | VirtualMachineError e) {
            LOG.log(Level.SEVERE, "Test run " + running.id() + " failed unexpectedly at " + stage, e);
            return end(running, TestRunStatus.FAILED, new TestRun.Outcome(null, "The test run stopped on an internal error at "
                    + "the " + stage + " step; it has been logged for the operators.", "internal", "internal-error", null,
                    null, null), List.of("[" + stage + "] internal error"), trace, redactor);
        }
    }

    /** The inline fields kept for this run, or the account's fresh credentials, or none (auth type NONE). */
    private Map<String, String> credentials(TestRun running, ConnectorVersion connector, Deadline deadline) {
        if (running.settings().inlineFields()) {
            return vault.get(TestRunService.fieldsSecretName(running.id())).map(AccountCredentials::parse)
                    .orElseThrow(() -> new InvalidStateException("The account fields of test run " + running.id()
                            + " are gone (it was started once already); start another test run."));
        }
        if (running.settings().accountId() == null) {
            return Map.of();
        }
        Account account = accounts.find(running.settings().accountId()).orElseThrow(() -> new InvalidStateException(
                "Account " + running.settings().accountId() + " no longer exists."));
        return credentials.forRun(account, connector, deadline);
    }

    private TestRun finishAuth(TestRun running, AuthOutcome outcome, TestRunTrace trace, SecretRedactor redactor,
                               CancelSignal cancel) {
        ScriptError error = outcome.error();
        TestRunStatus status = cancel.cancelled() ? TestRunStatus.CANCELLED
                : outcome.authenticated() ? TestRunStatus.SUCCEEDED : TestRunStatus.FAILED;
        TestRun.Outcome result = error == null
                ? new TestRun.Outcome(outcome.authenticated(), redactor.apply(outcome.message()), null, null, null, null, null)
                : new TestRun.Outcome(false, redactor.apply(error.message()), "script", error.kind().name(), error.script(),
                        error.line(), error.column());
        List<String> log = new ArrayList<>(outcome.log().stream().map(redactor::apply).toList());
        return end(running, status, result, log, trace, redactor);
    }

    private TestRun finishProcess(TestRun running, ProcessOutcome outcome, TestRunTrace trace, SecretRedactor redactor,
                                  CancelSignal cancel) {
        ScriptError error = outcome.error();
        TestRunStatus status = cancel.cancelled() ? TestRunStatus.CANCELLED
                : error == null ? TestRunStatus.SUCCEEDED : TestRunStatus.FAILED;
        TestRun.Outcome result = error == null ? null : new TestRun.Outcome(null, error.message(), "script",
                error.kind().name(), error.script(), error.line(), error.column());
        List<String> log = new ArrayList<>(outcome.log());
        if (error != null) {
            log.add("[script] " + error.describe());
        }
        return end(running.toBuilder().datagrid(RunService.outputHead(outcome.grid())).state(outcome.state()).build(), status,
                result, log, trace, redactor);
    }

    private TestRun end(TestRun running, TestRunStatus status, TestRun.Outcome outcome, List<String> log,
                        TestRunTrace trace, SecretRedactor redactor) {
        List<String> kept = new ArrayList<>();
        int chars = 0;
        boolean truncated = false;
        for (String line : log) {
            if (chars + line.length() > TestRunService.LOG_CAP) {
                truncated = true;
                break;
            }
            kept.add(line);
            chars += line.length() + 1;
        }
        TestRun done = running.toBuilder().status(status).endedAt(clock.instant()).outcome(outcome).log(kept, truncated)
                .queries(trace.queries(redactor)).exchanges(trace.exchanges(redactor, TestRunService.BODY_CAP, TestRunService.BODIES_CAP))
                .writes(trace.writes(redactor)).state(redactor.apply(running.state())).build();
        return writeFinal(done);
    }

    /**
     * Ends a test run still queued: cancelled before it started. Its inline fields go only once that end is stored: if
     * an executor started it meanwhile (a conflict), they are still its to read.
     */
    TestRun endCancelled(TestRun queued, String reason) {
        TestRun cancelled = repository.update(queued.toBuilder().status(TestRunStatus.CANCELLED).endedAt(clock.instant())
                .cancelRequested(true).outcome(new TestRun.Outcome(null, reason, "queued", "cancelled", null, null, null))
                .build(), TestRunService.expiry(queued.queuedAt()));
        if (queued.settings().inlineFields()) {
            vault.delete(TestRunService.fieldsSecretName(queued.id()));
        }
        return cancelled;
    }

    /** Ends a test run its launcher could not hand over. */
    void endUnlaunched(TestRun queued, String reason) {
        if (queued.settings().inlineFields()) {
            vault.delete(TestRunService.fieldsSecretName(queued.id()));
        }
        try {
            repository.update(queued.toBuilder().status(TestRunStatus.FAILED).endedAt(clock.instant())
                    .outcome(new TestRun.Outcome(null, reason, "launch", "upstream", null, null, null)).build(),
                    TestRunService.expiry(queued.queuedAt()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Test run " + queued.id() + " could not be recorded as not started", e);
        }
    }

    /** The final record, on the current revision if a cancel request landed meanwhile. */
    private TestRun writeFinal(TestRun done) {
        TestRun next = done;
        for (int attempt = 0; ; attempt++) {
            try {
                return repository.update(next, TestRunService.expiry(done.queuedAt()));
            } catch (ConflictException changed) {
                TestRun current = repository.findSummary(done.id()).orElseThrow();
                if (current.status().finished() || attempt >= 5) {
                    return current;
                }
                next = withRevision(done, current);
            }
        }
    }

    private static TestRun withRevision(TestRun done, TestRun current) {
        return new TestRun(done.id(), done.connectorId(), done.connectorVersion(), done.companyId(), done.userId(),
                done.script(), done.mode(), done.status(), done.queuedAt(), done.startedAt(), done.endedAt(), done.settings(),
                done.outcome(), done.log(), done.logTruncated(), done.datagrid(), done.queries(), done.exchanges(),
                done.writes(), done.state(), current.cancelRequested(), current.revision());
    }
}
