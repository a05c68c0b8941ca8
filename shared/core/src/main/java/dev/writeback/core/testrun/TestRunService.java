package dev.writeback.core.testrun;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.AccountRepository;
import dev.writeback.core.account.AccountService;
import dev.writeback.core.account.RunCredentials;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorRepository;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.connector.TestCredentials;
import dev.writeback.core.data.DataPlaneFactory;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.JobDomoClients;
import dev.writeback.core.job.JobValidation;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.WritePreview;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.store.Page;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The test-runs use case: an author runs a connector version's auth or processing script now — the draft, without
 * submitting it — with one of their accounts or with fields given for this test only, live or dry, and reads back
 * everything the script did. A test run never reads or changes a job: {@code DOMO.getState} starts empty and what
 * {@code DOMO.setState} keeps is shown in the record. {@link TestRunExecution} runs it.
 */
public final class TestRunService {
    /** How long a test run may take, whatever time its executor has. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Requests a test run's script may send (or have answered in dry mode). */
    public static final int REQUEST_BUDGET = 100;
    /** Bytes of each request and response body kept in the record. */
    public static final int BODY_CAP = 64 * 1024;
    /** Bytes of all bodies kept in the record, so it stays within one API answer (6 MB in Lambda). */
    public static final int BODIES_CAP = 2 * 1024 * 1024;
    /** Characters of log kept in the record. */
    public static final int LOG_CAP = 256 * 1024;
    /** How long a test run's record is kept. */
    public static final Duration RETENTION = Duration.ofDays(7);
    /** The largest row cap a request may ask for. */
    static final int MAX_ROW_LIMIT = 1_000_000;

    private final TestRunRepository repository;
    private final ConnectorService connectors;
    private final AccountService accounts;
    private final SecretVault vault;
    private final Supplier<TestRunLauncher> launcher;
    private final Clock clock;
    private final TestRunExecution execution;

    /**
     * @param dataPlanes how process test runs read DataSets; null where no script runs
     * @param liveWriters the built-in writers of live test runs, or null
     * @param previews what dry test runs' writes report, or null
     */
    public TestRunService(TestRunRepository repository, ConnectorService connectors, ConnectorRepository versions,
                          AccountService accounts, AccountRepository accountRepository, RunCredentials credentials, JobDomoClients domoClients, DataPlaneFactory dataPlanes,
                          ScriptRunner scripts, OutputWriters liveWriters,
                          WritePreview.Maker previews, SecretVault vault, Supplier<TestRunLauncher> launcher, Clock clock,
                          String domoBaseUrl) {
        this.repository = repository;
        this.connectors = connectors;
        this.accounts = accounts;
        this.vault = vault;
        this.launcher = launcher;
        this.clock = clock;
        this.execution = new TestRunExecution(repository, connectors, versions, accountRepository, credentials, domoClients, dataPlanes, scripts,
                liveWriters, previews, vault, clock, domoBaseUrl);
    }

    /** Where inline account fields wait for their test run; deleted when it ends. */
    static String fieldsSecretName(String testRunId) {
        return "test-runs/" + testRunId + "/fields";
    }

    /**
     * Checks the request and queues the test run, then hands it to the launcher. Every bad input is a 400 naming
     * the field; a connector of another company is not found.
     */
    public TestRun start(Caller caller, String connectorId, TestRunRequest request) {
        Limits.chars("connectorId", connectorId, Limits.NAME_CHARS);
        if (request == null) {
            throw new InvalidInputException("A test run needs a body: {\"script\": \"auth\" | \"process\", ...}.");
        }
        ScriptKind kind = scriptKind(request.script());
        String mode = mode(request.mode());
        boolean submitted = Boolean.TRUE.equals(request.useSubmittedCredentials());
        ConnectorVersion connector = submitted ? submissionToTest(caller, connectorId, request)
                : connectors.ownCompanyVersion(caller, connectorId, request.version());
        if (connectors.readScript(connector, kind).isEmpty()) {
            throw new InvalidInputException("script: connector " + connectorId + " v" + connector.version() + " has no "
                    + kind.fileName() + " yet; save it first (PUT /connectors/" + connectorId + "/scripts/"
                    + request.script().toLowerCase(Locale.ROOT) + ").");
        }
        TestCredentials submittedCredentials = submitted ? connectors.testCredentials(connector).orElseThrow(() ->
                new InvalidInputException("useSubmittedCredentials: connector " + connectorId + " v" + connector.version()
                        + " was submitted without test credentials.")) : null;
        Map<String, String> fields = submitted ? submittedCredentials.fields() : credentials(caller, connector, request);
        String accountId = submitted ? submittedCredentials.accountId() : request.accountId();
        String report = null;
        Map<String, String> parameters = Map.of();
        if (kind == ScriptKind.PROCESS) {
            report = JobValidation.validateReport(connector, request.report());
            Limits.map("parameters", request.parameters(), Limits.PARAMETERS, Limits.NAME_CHARS, Limits.PARAMETER_VALUE_CHARS);
            parameters = JobValidation.validateParameters(connector, request.parameters());
        } else if (request.report() != null || request.parameters() != null && !request.parameters().isEmpty()
                || request.rowLimit() != null) {
            throw new InvalidInputException("report, parameters and rowLimit are for process test runs; an auth test run "
                    + "takes only the account (accountId or fields).");
        }
        if (request.rowLimit() != null && (request.rowLimit() < 1 || request.rowLimit() > MAX_ROW_LIMIT)) {
            throw new InvalidInputException("rowLimit must be from 1 to " + MAX_ROW_LIMIT + ", not " + request.rowLimit() + ".");
        }
        if (!"dry".equals(mode) && request.responses() != null && !request.responses().isEmpty()) {
            throw new InvalidInputException("responses are the canned answers of a dry test run; set mode to dry, or leave "
                    + "responses out.");
        }
        TestRun.Settings settings = new TestRun.Settings(accountId, fields != null, report, parameters,
                request.rowLimit(), CannedResponse.validate(request.responses()), submitted,
                submitted && !caller.inCompany(connector.companyId()) ? caller.companyId() : null);
        Instant now = clock.instant();
        String id = IdGenerator.next("trun");
        TestRun queued = new TestRun(id, connectorId, connector.version(), connector.companyId(), caller.userId(),
                kind.name().toLowerCase(Locale.ROOT), mode, TestRunStatus.QUEUED, now, null, null, settings, null, null,
                false, null, null, null, null, null, false, 0);
        if (fields != null) {
            vault.put(fieldsSecretName(id), AccountCredentials.serialize(fields));
        }
        TestRun created = repository.create(queued, expiry(now));
        try {
            launcher.get().launch(created);
        } catch (RuntimeException e) {
            execution.endUnlaunched(created, "The test run could not be started: " + e.getMessage());
            throw e;
        }
        return created;
    }

    /** Executes a queued test run (once: a second delivery finds it started and returns it as it is). */
    public TestRun execute(String testRunId, Deadline executorDeadline) {
        return execution.execute(testRunId, executorDeadline);
    }

    /** A test run of a connector of the caller's company, with everything it did once it has ended. */
    public TestRun get(Caller caller, String testRunId) {
        Limits.chars("A test run id", testRunId, Limits.NAME_CHARS);
        TestRun run = repository.get(testRunId);
        String reviewerCompany = run.settings().reviewerCompanyId();
        boolean reviewersRun = reviewerCompany != null && caller.inCompany(reviewerCompany)
                && caller.userId().equals(run.userId());
        if (!caller.inCompany(run.companyId()) && !reviewersRun) {
            throw TestRunRepository.notFound(testRunId);
        }
        return run;
    }

    /** The connector's test runs, newest first (summaries: read one for its details). */
    public Page<TestRun> list(Caller caller, String connectorId, int limit, String cursor) {
        connectors.ownCompanyVersion(caller, connectorId, null);
        return repository.listForConnector(connectorId, Page.limit(limit), cursor);
    }

    /**
     * Asks a test run to stop: a queued one ends CANCELLED at once, a running one at its next check (within a
     * second). A test run that has ended is returned as it is.
     */
    public TestRun cancel(Caller caller, String testRunId) {
        for (int attempt = 0; ; attempt++) {
            TestRun run = get(caller, testRunId);
            if (run.status().finished() || run.cancelRequested()) {
                return run;
            }
            try {
                if (run.status() == TestRunStatus.QUEUED) {
                    return execution.endCancelled(run, "cancelled by " + caller.userId() + " before it started");
                }
                return repository.update(run.toBuilder().cancelRequested(true).build(), expiry(run.queuedAt()));
            } catch (ConflictException changed) {
                if (attempt >= 3) {
                    throw changed;
                }
            }
        }
    }

    static long expiry(Instant queuedAt) {
        return queuedAt.plus(RETENTION).getEpochSecond();
    }

    private static ScriptKind scriptKind(String script) {
        if (script == null) {
            throw new InvalidInputException("script is required: auth or process.");
        }
        return switch (script) {
            case "auth" -> ScriptKind.AUTH;
            case "process" -> ScriptKind.PROCESS;
            default -> throw new InvalidInputException("script must be auth or process, not '" + script + "'.");
        };
    }

    private static String mode(String mode) {
        if (mode == null || mode.equals("live") || mode.equals("dry")) {
            return mode == null ? "live" : mode;
        }
        throw new InvalidInputException("mode must be live or dry, not '" + mode + "'.");
    }

    /**
     * The submitted version a reviewer test-runs with its test credentials; not found for anyone who may not review
     * it. The reviewer gives no account of their own: the submitter's is used, never shown.
     */
    private ConnectorVersion submissionToTest(Caller caller, String connectorId, TestRunRequest request) {
        ConnectorVersion connector = connectors.submissionToTest(caller, connectorId);
        if (request.accountId() != null || request.fields() != null) {
            throw new InvalidInputException("useSubmittedCredentials runs with the submitter's test credentials; leave "
                    + "accountId and fields out.");
        }
        if (request.version() != null && request.version() != connector.version()) {
            throw new InvalidInputException("version: connector " + connectorId + " has v" + connector.version()
                    + " submitted, not v" + request.version() + "; submitted credentials test only that version.");
        }
        return connector;
    }

    /** The inline fields to keep until the run, or null when the run uses an account (checked here) or none. */
    private Map<String, String> credentials(Caller caller, ConnectorVersion connector, TestRunRequest request) {
        boolean oauth = connector.authentication().type() == AuthType.OAUTH2;
        if (request.accountId() != null && request.fields() != null) {
            throw new InvalidInputException("Give either accountId or fields, not both.");
        }
        if (request.accountId() != null) {
            Limits.chars("accountId", request.accountId(), Limits.NAME_CHARS);
            accounts.connected(caller, request.accountId(), connector.connectorId());
            return null;
        }
        if (oauth) {
            throw new InvalidInputException("accountId is required: connector " + connector.connectorId() + " uses OAuth 2.0, "
                    + "so a test run uses an account connected through its authorization flow (POST /oauth/start).");
        }
        if (request.fields() == null && connector.authentication().type() != AuthType.NONE) {
            throw new InvalidInputException("Give the account to test with: accountId (one of your accounts of this "
                    + "connector) or fields (for this test only; never stored).");
        }
        Limits.map("fields", request.fields(), Limits.FIELDS, Limits.NAME_CHARS, Limits.FIELD_VALUE_CHARS);
        Map<String, String> fields = AccountService.requiredFields(connector, request.fields() == null ? Map.of() : request.fields());
        return fields.isEmpty() ? null : fields;
    }
}
