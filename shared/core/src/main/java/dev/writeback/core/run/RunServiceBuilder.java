package dev.writeback.core.run;

import dev.writeback.core.account.AccountRepository;
import dev.writeback.core.account.RunCredentials;
import dev.writeback.core.connector.ConnectorRepository;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.data.DataPlaneFactory;
import dev.writeback.core.job.JobDomoClients;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.scratch.JobScratchDatabases;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.store.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The ports and settings runs work with. All are required except the output writers (scripts then
 * have no {@code DOMO.writeTo}), the scratch databases (no {@code sql}), the retry scheduler (failed scheduled runs are then not retried), the
 * observer and the cancel poll interval. The pipeline reads the ports from here. Built with {@link RunService#builder()}.
 */
public final class RunServiceBuilder {
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
    JobScratchDatabases scratchDatabases;
    BlobStore blobs;
    Clock clock;
    String domoBaseUrl;
    Supplier<RunLauncher> launcher;
    Duration cancelPollInterval = RunService.CANCEL_POLL_INTERVAL;
    Duration lease = RunService.LEASE;
    Duration queueLimit = RunService.QUEUE_LIMIT;
    RetryScheduler retries;
    RunObserver observer = RunObserver.NONE;
    List<RunEventPublisher> events = List.of();

    RunServiceBuilder() {
    }

    public RunServiceBuilder runs(RunRepository v) { runs = v; return this; }
    public RunServiceBuilder jobs(JobRepository v) { jobs = v; return this; }
    /** Where the job's pinned connector version is read. */
    public RunServiceBuilder connectorVersions(ConnectorRepository v) { connectorVersions = v; return this; }
    /** The connector use case: a version's scripts and secrets. */
    public RunServiceBuilder connectors(ConnectorService v) { connectors = v; return this; }
    public RunServiceBuilder accounts(AccountRepository v) { accounts = v; return this; }
    public RunServiceBuilder credentials(RunCredentials v) { credentials = v; return this; }
    public RunServiceBuilder domoClients(JobDomoClients v) { domoClients = v; return this; }
    public RunServiceBuilder dataPlanes(DataPlaneFactory v) { dataPlanes = v; return this; }
    public RunServiceBuilder scripts(ScriptRunner v) { scripts = v; return this; }
    public RunServiceBuilder writers(OutputWriters v) { writers = v; return this; }
    /** The jobs' scratch databases ({@code sql}); without them scripts have no {@code sql}. */
    public RunServiceBuilder scratchDatabases(JobScratchDatabases v) { scratchDatabases = v; return this; }
    public RunServiceBuilder blobs(BlobStore v) { blobs = v; return this; }
    public RunServiceBuilder clock(Clock v) { clock = v; return this; }
    /** What scripts see as {@code metadata.baseurl}. */
    public RunServiceBuilder domoBaseUrl(String v) { domoBaseUrl = v; return this; }
    /** Where runs started over HTTP execute; asked for on the first such run. */
    public RunServiceBuilder launcher(Supplier<RunLauncher> v) { launcher = v; return this; }
    /** How often an executing run re-reads its record; it must be well under a third of the lease. */
    public RunServiceBuilder cancelPollInterval(Duration v) { cancelPollInterval = v; return this; }
    /** How long a run's lease lasts ({@link RunService#LEASE}); renewed every third of it. */
    public RunServiceBuilder lease(Duration v) { lease = v; return this; }
    /** How long a run may stay QUEUED before the sweep ends it ({@link RunService#QUEUE_LIMIT}). */
    public RunServiceBuilder queueLimit(Duration v) { queueLimit = v; return this; }
    public RunServiceBuilder retries(RetryScheduler v) { retries = v; return this; }
    public RunServiceBuilder observer(RunObserver v) { observer = v; return this; }
    /** Told of every status change of a run, in this order (the event bus, then the jobs' alerts); optional. */
    public RunServiceBuilder events(List<RunEventPublisher> v) { events = List.copyOf(v); return this; }

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
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(queueLimit, "queueLimit");
        if (cancelPollInterval.multipliedBy(3).compareTo(lease) >= 0) {
            throw new IllegalArgumentException("The cancel poll interval (" + cancelPollInterval
                    + ") renews the lease and must be under a third of it (" + lease + ").");
        }
        Objects.requireNonNull(observer, "observer");
        return new RunService(this);
    }
}
