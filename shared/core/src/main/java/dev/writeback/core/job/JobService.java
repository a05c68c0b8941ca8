package dev.writeback.core.job;

import dev.writeback.core.IdGenerator;
import dev.writeback.core.access.Caller;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountService;
import dev.writeback.core.alert.AlertIncidents;
import dev.writeback.core.alert.AlertRule;
import dev.writeback.core.alert.AlertRules;
import dev.writeback.core.changes.ChangeSnapshots;
import dev.writeback.core.changes.Incremental;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.data.DatasetAccess;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.scratch.JobScratchDatabases;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Creating and managing jobs; every field is checked by {@link JobValidation} on create and on update alike, and
 * the input DataSet (the {@value #DATASET_PARAMETER} parameter) must be readable with the connector's Domo client.
 */
public final class JobService {
    /** The parameter that names a job's input DataSet, as in Domo's writeback connectors. */
    public static final String DATASET_PARAMETER = "datasetId";

    private final JobRepository jobs;
    private final ConnectorService connectors;
    private final AccountService accounts;
    private final JobScheduler scheduler;
    private final DatasetAccess datasets;
    private final JobDomoClients domoClients;
    private final Clock clock;
    private final BlobStore blobs;
    private final AlertRules alertRules;
    private final AlertIncidents alertIncidents;

    public JobService(JobRepository jobs, ConnectorService connectors, AccountService accounts, JobScheduler scheduler,
                      DatasetAccess datasets, JobDomoClients domoClients, Clock clock) {
        this(jobs, connectors, accounts, scheduler, datasets, domoClients, clock, null,
                new AlertRules(AddressGuard.publicInternetOnly(), false), null);
    }

    /**
     * @param blobs where a job's scratch database is kept between runs: deleted with the job (null: nothing kept)
     * @param alertRules how alert rules are checked (where webhooks may point, whether email can be sent)
     * @param alertIncidents the jobs' open incidents, forgotten with the job (null: none kept)
     */
    public JobService(JobRepository jobs, ConnectorService connectors, AccountService accounts, JobScheduler scheduler,
                      DatasetAccess datasets, JobDomoClients domoClients, Clock clock, BlobStore blobs,
                      AlertRules alertRules, AlertIncidents alertIncidents) {
        this.blobs = blobs;
        this.alertRules = Objects.requireNonNull(alertRules, "alertRules");
        this.alertIncidents = alertIncidents;
        this.datasets = Objects.requireNonNull(datasets, "datasets");
        this.domoClients = domoClients;
        this.jobs = jobs;
        this.connectors = connectors;
        this.accounts = accounts;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Longest "last X days" a job may ask for. */
    public static final int MAX_DAYS = 3660;

    /**
     * What a caller asks for when creating or changing a job; null fields are left as they are on update.
     *
     * @param days {@code metadata.days} for connectors without a Date-selector parameter, 1 to {@value #MAX_DAYS}
     * @param selections the values of tree DISCOVERY parameters (name → array of strings); the other parameters'
     *                   values are strings in {@code parameters}
     * @param alerts the job's alert rules (an empty list removes them)
     * @param incremental which rows runs send ({@code writeMode}, {@code keyColumns}, {@code changeQuery},
     *                    {@code watermarkColumn}); on update, the whole setting is replaced
     */
    public record JobRequest(String connectorId, String accountId, String name, String report,
                             Map<String, String> parameters, Schedule schedule, JobRetryPolicy retry,
                             JobDomoClients.DomoClientRequest domoClient, Integer days,
                             Map<String, List<String>> selections, List<AlertRule> alerts, Incremental incremental) {
        public JobRequest(String connectorId, String accountId, String name, String report,
                          Map<String, String> parameters, Schedule schedule, JobRetryPolicy retry,
                          JobDomoClients.DomoClientRequest domoClient, Integer days,
                          Map<String, List<String>> selections) {
            this(connectorId, accountId, name, report, parameters, schedule, retry, domoClient, days, selections, null, null);
        }

        public JobRequest(String connectorId, String accountId, String name, String report,
                          Map<String, String> parameters, Schedule schedule, JobRetryPolicy retry,
                          JobDomoClients.DomoClientRequest domoClient) {
            this(connectorId, accountId, name, report, parameters, schedule, retry, domoClient, null, null, null, null);
        }

        public JobRequest(String connectorId, String accountId, String name, String report,
                          Map<String, String> parameters, Schedule schedule, JobRetryPolicy retry) {
            this(connectorId, accountId, name, report, parameters, schedule, retry, null, null, null, null, null);
        }
    }

    public Job create(Caller caller, JobRequest request) {
        if (request.connectorId() == null || request.accountId() == null) {
            throw new InvalidInputException("A job needs connectorId and accountId.");
        }
        JobValidation.checkLimits(request);
        ConnectorVersion connector = connectors.published(caller, request.connectorId());
        Account account = accounts.connected(caller, request.accountId(), request.connectorId());
        String report = JobValidation.validateReport(connector, request.report());
        Map<String, String> params = JobValidation.validateParameters(connector, request.parameters());
        Map<String, List<String>> selections = TreeSelections.validate(connector, request.selections());
        Schedule schedule = ScheduleExpression.validate(request.schedule());
        JobRetryPolicy retry = JobValidation.validateRetry(request.retry());
        List<AlertRule> alerts = alertRules.validate(request.alerts());
        Incremental incremental = JobValidation.validateIncremental(connector, Incremental.validate(request.incremental()));
        DomoCredentials domo = domoClients.check(caller.companyId(), connector, request.domoClient());
        checkInputDataset(connector, params, domo);
        Instant now = clock.instant();
        Job job = new Job(IdGenerator.next("job"), caller.companyId(), caller.userId(), connector.connectorId(),
                connector.version(), account.id(), name(request.name(), connector), report, params, schedule, retry,
                JobStatus.ACTIVE, now, now, 0, request.domoClient() == null ? null : request.domoClient().clientKey(),
                request.days(), null, selections, alerts, incremental);
        if (request.domoClient() != null) {
            domoClients.store(job.id(), request.domoClient());
        }
        Job stored = jobs.create(job);
        if (schedule != null) {
            try {
                scheduler.schedule(stored);
            } catch (RuntimeException refused) {
                // a job whose schedule could not be made is not kept half-made
                jobs.delete(stored);
                domoClients.forget(stored.id());
                throw refused;
            }
        }
        return stored;
    }

    /** A job of the caller's company (others' jobs are not found). */
    public Job get(Caller caller, String jobId) {
        Job job = jobs.get(jobId);
        if (!caller.inCompany(job.companyId())) {
            throw JobRepository.notFound(jobId);
        }
        return job;
    }

    /**
     * A job the caller may change or run: their own. A job runs with its owner's account, so nobody
     * else in the company may point it elsewhere or start it.
     */
    public Job owned(Caller caller, String jobId) {
        Job job = get(caller, jobId);
        if (!caller.userId().equals(job.ownerUserId())) {
            throw new ForbiddenException("Job " + jobId + " belongs to " + job.ownerUserId()
                    + " and runs with their account; only they may change or run it.");
        }
        return job;
    }

    public Page<Job> list(Caller caller, int limit, String cursor) {
        return jobs.list(caller.companyId(), Page.limit(limit), cursor);
    }

    public Job update(Caller caller, String jobId, JobRequest request) {
        JobValidation.checkLimits(request);
        Job job = owned(caller, jobId);
        ConnectorVersion connector = connectors.getVersion(caller, job.connectorId(), job.connectorVersion());
        String accountId = job.accountId();
        if (request.accountId() != null && !request.accountId().equals(accountId)) {
            accountId = accounts.connected(caller, request.accountId(), job.connectorId()).id();
        }
        if (request.connectorId() != null && !request.connectorId().equals(job.connectorId())) {
            throw new InvalidInputException("A job's connector cannot change; create a new job instead.");
        }
        String report = request.report() != null ? JobValidation.validateReport(connector, request.report()) : job.report();
        Map<String, String> params = request.parameters() != null
                ? JobValidation.validateParameters(connector, request.parameters()) : job.parameters();
        Map<String, List<String>> selections = request.selections() != null
                ? TreeSelections.validate(connector, request.selections()) : job.selections();
        String domoClientKey = job.domoClientKey();
        if (request.domoClient() != null) {
            checkInputDataset(connector, params, domoClients.check(caller.companyId(), connector, request.domoClient()));
            domoClients.store(job.id(), request.domoClient());
            domoClientKey = request.domoClient().clientKey();
        } else if (request.parameters() != null
                && !Objects.equals(params.get(DATASET_PARAMETER), job.parameters().get(DATASET_PARAMETER))) {
            checkInputDataset(connector, params, domoClients.forRun(job, connector));
        }
        Schedule schedule = request.schedule() != null ? ScheduleExpression.validate(request.schedule()) : job.schedule();
        JobRetryPolicy retry = request.retry() != null ? JobValidation.validateRetry(request.retry()) : job.retry();
        List<AlertRule> alerts = request.alerts() != null ? alertRules.validate(request.alerts()) : job.alerts();
        Incremental incremental = request.incremental() != null
                ? JobValidation.validateIncremental(connector, Incremental.validate(request.incremental())) : job.incremental();
        Job changed = new Job(job.id(), job.companyId(), job.ownerUserId(), job.connectorId(), job.connectorVersion(),
                accountId, request.name() != null ? name(request.name(), connector) : job.name(), report, params,
                schedule, retry, job.status(), job.createdAt(), clock.instant(), job.revision(), domoClientKey,
                request.days() != null ? request.days() : job.days(), job.lastSuccessfulRunStartedAt(), selections,
                alerts, incremental);
        Job stored = saveOver(job, changed);
        if (request.alerts() != null && alertIncidents != null) {
            alertIncidents.retain(job.id(), alerts.stream().map(AlertRule::incidentKey).collect(Collectors.toSet()));
        }
        syncSchedule(stored);
        return stored;
    }

    public Job pause(Caller caller, String jobId) {
        return setStatus(caller, jobId, JobStatus.PAUSED);
    }

    public Job resume(Caller caller, String jobId) {
        return setStatus(caller, jobId, JobStatus.ACTIVE);
    }

    public void delete(Caller caller, String jobId) {
        Job job = owned(caller, jobId);
        scheduler.unschedule(job.id());
        jobs.delete(job);
        domoClients.forget(job.id());
        if (blobs != null) {
            blobs.delete(JobScratchDatabases.key(job.id()));
            new ChangeSnapshots(blobs).reset(job.id());
        }
        if (alertIncidents != null) {
            alertIncidents.delete(job.id());
        }
    }

    /**
     * Forgets what the job's runs sent ({@code CHANGES} snapshot, {@code APPEND} watermark): its next run sends every row.
     * Only its owner may; a job in writeMode ALL has nothing to forget.
     */
    public Job resendAll(Caller caller, String jobId) {
        Job job = owned(caller, jobId);
        if (!job.incremental().tracksChanges()) {
            throw new InvalidStateException("Job " + jobId + " already sends every row (writeMode ALL); resend-all is for"
                    + " writeMode CHANGES and APPEND.");
        }
        new ChangeSnapshots(Objects.requireNonNull(blobs, "blobs")).reset(job.id());
        return job;
    }

    /**
     * Writes {@code changed}, made from {@code read}. A run of the job that succeeded meanwhile moves only its
     * {@code lastSuccessfulRunStartedAt}: that is no conflict with the caller's change, which is written over the
     * job as it is now, keeping the run's time. Any other change since {@code read} is a conflict (409).
     */
    private Job saveOver(Job read, Job changed) {
        for (int attempt = 0; ; attempt++) {
            try {
                return jobs.update(changed);
            } catch (ConflictException conflict) {
                Job current = jobs.get(read.id());
                Instant succeeded = current.lastSuccessfulRunStartedAt();
                if (attempt >= 4 || succeeded == null
                        || !current.equals(read.withRevision(current.revision()).withSuccessfulRunStartedAt(succeeded))) {
                    throw conflict;
                }
                changed = changed.withRevision(current.revision()).withSuccessfulRunStartedAt(succeeded);
            }
        }
    }

    private Job setStatus(Caller caller, String jobId, JobStatus status) {
        Job job = owned(caller, jobId);
        Job changed = new Job(job.id(), job.companyId(), job.ownerUserId(), job.connectorId(), job.connectorVersion(),
                job.accountId(), job.name(), job.report(), job.parameters(), job.schedule(), job.retry(), status,
                job.createdAt(), clock.instant(), job.revision(), job.domoClientKey(), job.days(),
                job.lastSuccessfulRunStartedAt(), job.selections(), job.alerts(),
                job.incremental());
        Job stored = saveOver(job, changed);
        syncSchedule(stored);
        return stored;
    }

    private void syncSchedule(Job job) {
        if (job.schedule() != null && job.status() == JobStatus.ACTIVE) {
            scheduler.schedule(job);
        } else {
            scheduler.unschedule(job.id());
        }
    }

    /** The job's input DataSet, if the connector has that parameter, must be readable by the job's Domo client. */
    private void checkInputDataset(ConnectorVersion connector, Map<String, String> params, DomoCredentials domo) {
        String datasetId = params.get(DATASET_PARAMETER);
        if (datasetId == null || connector.parameters().stream().noneMatch(p -> p.name().equals(DATASET_PARAMETER))) {
            return;
        }
        datasets.describe(domo, datasetId.strip());
    }

    private static String name(String requested, ConnectorVersion connector) {
        return requested == null || requested.isBlank() ? connector.name() + " job" : requested.strip();
    }
}
