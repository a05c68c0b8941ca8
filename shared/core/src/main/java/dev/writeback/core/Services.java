package dev.writeback.core;

import dev.writeback.core.account.AccountRepository;
import dev.writeback.core.account.AccountService;
import dev.writeback.core.account.RunCredentials;
import dev.writeback.core.account.StoredRunCredentials;
import dev.writeback.core.account.SubmitForReview;
import dev.writeback.core.agreement.AgreementRepository;
import dev.writeback.core.agreement.AgreementService;
import dev.writeback.core.agreement.UserAgreement;
import dev.writeback.core.alert.AlertEmail;
import dev.writeback.core.alert.AlertIncidents;
import dev.writeback.core.alert.AlertRules;
import dev.writeback.core.alert.AlertWebhook;
import dev.writeback.core.alert.RunAlerts;
import dev.writeback.core.connector.ConnectorRepository;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.VersionListings;
import dev.writeback.core.data.DataPlaneFactory;
import dev.writeback.core.data.DatasetAccess;
import dev.writeback.core.data.DomoApi;
import dev.writeback.core.data.DomoCredentialsVerifier;
import dev.writeback.core.discovery.DiscoveryService;
import dev.writeback.core.job.JobDomoClients;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.core.job.JobService;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.WritePreview;
import dev.writeback.core.run.RunEventPublisher;
import dev.writeback.core.run.RunLauncher;
import dev.writeback.core.run.RunObserver;
import dev.writeback.core.run.RunRepository;
import dev.writeback.core.run.RunService;
import dev.writeback.core.scratch.JobScratchDatabases;
import dev.writeback.core.scratch.ScratchDatabases;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.testrun.TestRunLauncher;
import dev.writeback.core.testrun.TestRunRepository;
import dev.writeback.core.testrun.TestRunService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The use cases wired over a set of adapters. AWS functions and the embedded default build the
 * same graph; only the adapters differ. A function that lacks a port (registration has no data
 * plane) cannot ask for the use case that needs it: asking fails with a message naming the port.
 */
public final class Services {
    private final AgreementService agreements;
    private final ConnectorService connectors;
    private final VersionListings versionListings;
    private final AccountService accounts;
    private final SubmitForReview submitForReview;
    private final JobService jobs;
    private final RunService runs;
    private final DiscoveryService discovery;
    private final TestRunService testRuns;
    private final ConnectorRepository connectorRepository;
    private final AccountRepository accountRepository;
    private final JobRepository jobRepository;
    private final RunRepository runRepository;
    private final Builder ports;
    private RunLauncher launcher;
    private TestRunLauncher testRunLauncher;

    private Services(Builder b) {
        this.ports = b;
        connectorRepository = new ConnectorRepository(b.table);
        accountRepository = new AccountRepository(b.table);
        jobRepository = new JobRepository(b.table);
        runRepository = new RunRepository(b.table);
        agreements = new AgreementService(new AgreementRepository(b.table), UserAgreement.current(), b.clock);
        connectors = new ConnectorService(connectorRepository, b.blobs, b.vault, b.scripts, b.domoVerifier, b.addressGuard,
                agreements, b.clock);
        versionListings = new VersionListings(connectorRepository);
        accounts = new AccountService(accountRepository, connectors, b.vault, b.scripts, b.clock, b.domoBaseUrl);
        submitForReview = new SubmitForReview(connectors, accounts);
        if (b.scheduler != null && b.datasetAccess == null) {
            throw new NullPointerException("datasetAccess (jobs check their input DataSet)");
        }
        JobDomoClients domoClients = new JobDomoClients(connectors, b.vault, b.domoVerifier);
        jobs = b.scheduler == null ? null
                : new JobService(jobRepository, connectors, accounts, b.scheduler, b.datasetAccess, domoClients, b.clock,
                        b.blobs, new AlertRules(b.addressGuard, b.alertEmail != null), new AlertIncidents(b.table));
        RunCredentials credentials = b.runCredentials == null ? new StoredRunCredentials(b.vault)
                : b.runCredentials.apply(this);
        discovery = new DiscoveryService(connectors, accounts, credentials, b.scripts, b.clock, b.domoBaseUrl);
        List<RunEventPublisher> runEvents = new ArrayList<>(b.runEvents);
        if (b.alertWebhook != null) {
            runEvents.add(new RunAlerts(jobRepository, runRepository, new AlertIncidents(b.table), b.alertWebhook,
                    b.alertEmail));
        }
        testRuns = new TestRunService(new TestRunRepository(b.table, b.blobs), connectors, connectorRepository, accounts,
                accountRepository, credentials, domoClients, b.dataPlanes, b.scripts, b.outputWriters, b.writePreviews,
                b.vault, this::testRunLauncher, b.clock, b.domoBaseUrl);
        runs = b.dataPlanes == null ? null : RunService.builder()
                .runs(runRepository).jobs(jobRepository).connectorVersions(connectorRepository).connectors(connectors)
                .accounts(accountRepository).credentials(credentials).domoClients(domoClients)
                .dataPlanes(b.dataPlanes).scripts(b.scripts).writers(b.outputWriters).blobs(b.blobs)
                .scratchDatabases(b.scratchDatabases == null ? null : new JobScratchDatabases(b.scratchDatabases, b.blobs))
                .clock(b.clock).domoBaseUrl(b.domoBaseUrl).launcher(this::launcher)
                .cancelPollInterval(b.cancelPollInterval).lease(b.runLease).retries(b.retryScheduler).observer(b.runObserver)
                .events(runEvents)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private synchronized RunLauncher launcher() {
        if (ports.runLauncher == null) {
            throw missing("a run launcher (runLauncher)");
        }
        if (launcher == null) {
            launcher = ports.runLauncher.apply(this);
        }
        return launcher;
    }

    /** The user agreement authors accept before creating connectors. */
    public AgreementService agreements() {
        return agreements;
    }

    private synchronized TestRunLauncher testRunLauncher() {
        if (ports.testRunLauncher == null) {
            throw missing("a test-run launcher (testRunLauncher)");
        }
        if (testRunLauncher == null) {
            testRunLauncher = ports.testRunLauncher.apply(this);
        }
        return testRunLauncher;
    }

    public ConnectorService connectors() {
        return connectors;
    }

    /** A connector's versions and the reviewers' queue. */
    public VersionListings versionListings() {
        return versionListings;
    }

    /** Submitting a connector with the test credentials reviewers use. */
    public SubmitForReview submitForReview() {
        return submitForReview;
    }

    public AccountService accounts() {
        return accounts;
    }

    /** The jobs use case; a function built without a job scheduler (the OAuth function, the executor) has none. */
    public JobService jobs() {
        if (jobs == null) {
            throw missing("a job scheduler (scheduler)");
        }
        return jobs;
    }

    /** The runs use case; a function built without a data plane (registration, OAuth) has none. */
    public RunService runs() {
        if (runs == null) {
            throw missing("a data plane (dataPlanes)");
        }
        return runs;
    }

    /** A use case was asked for whose port this function was not given: names the port and its builder method. */
    private static IllegalStateException missing(String port) {
        return new IllegalStateException("this function was built without " + port);
    }

    /** Listing a DISCOVERY parameter's choices with the user's account. */
    public DiscoveryService discovery() {
        return discovery;
    }

    /** Test runs of connector versions (the executor runs them: it has the data plane and the script runner). */
    public TestRunService testRuns() {
        return testRuns;
    }

    public ConnectorRepository connectorRepository() {
        return connectorRepository;
    }

    public AccountRepository accountRepository() {
        return accountRepository;
    }

    public JobRepository jobRepository() {
        return jobRepository;
    }

    public RunRepository runRepository() {
        return runRepository;
    }

    public DocumentTable table() {
        return ports.table;
    }

    public BlobStore blobs() {
        return ports.blobs;
    }

    public SecretVault vault() {
        return ports.vault;
    }

    public ScriptRunner scripts() {
        return ports.scripts;
    }

    public Clock clock() {
        return ports.clock;
    }

    public String domoBaseUrl() {
        return ports.domoBaseUrl;
    }

    /** Where connectors' OAuth URLs may point (checked when they are saved and when a flow starts). */
    public AddressGuard addressGuard() {
        return ports.addressGuard;
    }

    /** The ports the use cases run on. */
    public static final class Builder {
        private DocumentTable table;
        private BlobStore blobs;
        private SecretVault vault;
        private ScriptRunner scripts;
        private DomoCredentialsVerifier domoVerifier;
        private DataPlaneFactory dataPlanes;
        private JobScheduler scheduler;
        private RetryScheduler retryScheduler;
        private DatasetAccess datasetAccess;
        private Duration cancelPollInterval = RunService.CANCEL_POLL_INTERVAL;
        private Duration runLease = RunService.LEASE;
        private Function<Services, RunCredentials> runCredentials;
        private Function<Services, RunLauncher> runLauncher;
        private Function<Services, TestRunLauncher> testRunLauncher;
        private WritePreview.Maker writePreviews;
        private OutputWriters outputWriters;
        private ScratchDatabases scratchDatabases;
        private RunObserver runObserver = RunObserver.NONE;
        private List<RunEventPublisher> runEvents = List.of();
        private AlertWebhook alertWebhook;
        private AlertEmail alertEmail;
        private Clock clock = Clock.systemUTC();
        private String domoBaseUrl = DomoApi.DEFAULT_BASE_URL;
        private AddressGuard addressGuard = AddressGuard.publicInternetOnly();

        public Builder table(DocumentTable v) { table = v; return this; }
        public Builder blobs(BlobStore v) { blobs = v; return this; }
        public Builder vault(SecretVault v) { vault = v; return this; }
        public Builder scripts(ScriptRunner v) { scripts = v; return this; }
        public Builder domoVerifier(DomoCredentialsVerifier v) { domoVerifier = v; return this; }
        public Builder dataPlanes(DataPlaneFactory v) { dataPlanes = v; return this; }
        public Builder scheduler(JobScheduler v) { scheduler = v; return this; }
        /** Where retries of failed scheduled runs are scheduled; without it failed scheduled runs are not retried. */
        public Builder retryScheduler(RetryScheduler v) { retryScheduler = v; return this; }
        /** Checks a job's input DataSet is readable (required with a scheduler: where jobs are made). */
        public Builder datasetAccess(DatasetAccess v) { datasetAccess = v; return this; }
        /** How often an executing run looks for a cancel request made elsewhere (default 2 s). */
        public Builder cancelPollInterval(Duration v) { cancelPollInterval = v; return this; }
        /** How long a run's lease lasts before the sweep may end it (default 60 s; renewed every third of it). */
        public Builder runLease(Duration v) { runLease = v; return this; }
        /** How runs get fresh credentials (OAuth refresh); defaults to the stored credentials. */
        public Builder runCredentials(Function<Services, RunCredentials> v) { runCredentials = v; return this; }
        /** Where HTTP-started runs execute (given the services, so a worker can call {@code runs().execute}). */
        public Builder runLauncher(Function<Services, RunLauncher> v) { runLauncher = v; return this; }
        /** Where test runs execute (given the services, so a worker can call {@code testRuns().execute}). */
        public Builder testRunLauncher(Function<Services, TestRunLauncher> v) { testRunLauncher = v; return this; }
        /** What dry test runs' built-in writes report instead of writing; optional. */
        public Builder writePreviews(WritePreview.Maker v) { writePreviews = v; return this; }
        /** The built-in writers processing scripts may call ({@code DOMO.writeTo}); optional. */
        public Builder outputWriters(OutputWriters v) { outputWriters = v; return this; }
        /** The engine of the jobs' scratch databases ({@code sql}); optional. */
        public Builder scratchDatabases(ScratchDatabases v) { scratchDatabases = v; return this; }
        /** Told when runs start and end in this process (logging keys, metrics); optional. */
        public Builder runObserver(RunObserver v) { runObserver = Objects.requireNonNull(v, "runObserver"); return this; }
        /** Where every run status change is published (EventBridge, a local file); optional. */
        public Builder runEvents(RunEventPublisher... v) { runEvents = List.of(v); return this; }
        /** How alerts are posted to webhooks; without it the jobs' alert rules are kept but not evaluated here. */
        public Builder alertWebhook(AlertWebhook v) { alertWebhook = v; return this; }
        /** How alerts are emailed; without it (no sender configured) rules with email are refused. */
        public Builder alertEmail(AlertEmail v) { alertEmail = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder domoBaseUrl(String v) { domoBaseUrl = v; return this; }
        /**
         * The policy of the hosts this deployment calls (default: public https only); connectors' OAuth URLs must
         * pass it when they are saved, so give the same guard as the OAuth client's (local targets included).
         */
        public Builder addressGuard(AddressGuard v) { addressGuard = Objects.requireNonNull(v, "addressGuard"); return this; }

        public Services build() {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(blobs, "blobs");
            Objects.requireNonNull(vault, "vault");
            Objects.requireNonNull(scripts, "scripts");
            Objects.requireNonNull(domoVerifier, "domoVerifier");
            return new Services(this);
        }
    }
}
