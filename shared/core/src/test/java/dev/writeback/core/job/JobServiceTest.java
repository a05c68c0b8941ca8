package dev.writeback.core.job;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.GUS;
import static dev.writeback.core.testing.TestWorld.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountStatus;
import dev.writeback.core.changes.Incremental;
import dev.writeback.core.changes.WriteMode;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.scratch.JobScratchDatabases;
import dev.writeback.core.testing.FakeDatasetAccess;
import dev.writeback.core.testing.TestWorld;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JobServiceTest {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("datasetId", Parameter.Type.STRING, "The input DataSet", true, null),
            new Parameter("limit", Parameter.Type.INTEGER, null, false, null),
            new Parameter("region", Parameter.Type.DROPDOWN, null, false, List.of("EU", "US")),
            new Parameter("since", Parameter.Type.DATE, null, false, null));

    private final TestWorld world = new TestWorld();
    private final JobService jobs = world.services.jobs();
    private final ConnectorVersion connector = world.published(TestWorld.apiKeyAuth(), List.of("Contacts", "Deals"),
            PARAMETERS, Visibility.PRIVATE);
    private final Account account = world.apiKeyAccount(BOB, connector.connectorId());

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private JobRequest request(String report, Map<String, String> parameters, Schedule schedule) {
        return new JobRequest(connector.connectorId(), account.id(), null, report, parameters, schedule, null);
    }

    private JobRequest incremental(Incremental settings) {
        return new JobRequest(connector.connectorId(), account.id(), null, "Deals", Map.of("datasetId", "ds-1"), null, null,
                null, null, null, null, settings);
    }

    @Test
    void aChangesJobKeepsItsKeyColumnsAndChangeQuery() {
        Job job = jobs.create(BOB, incremental(new Incremental(WriteMode.CHANGES, List.of("id"), "select id, name from tbl", null)));

        assertEquals(new Incremental(WriteMode.CHANGES, List.of("id"), "select id, name from tbl", null), job.incremental());
        assertEquals(job, jobs.get(ALICE, job.id()));
        assertEquals(Incremental.ALL, jobs.create(BOB, request("Deals", Map.of("datasetId", "ds-1"), null)).incremental());
        Job changed = jobs.update(BOB, job.id(), new JobRequest(null, null, null, null, null, null, null, null, null, null,
                null, new Incremental(WriteMode.APPEND, null, null, "updatedAt")));
        assertEquals(new Incremental(WriteMode.APPEND, List.of(), "select * from tbl", "updatedAt"), changed.incremental());
    }

    @Test
    void incrementalSettingsThatCannotWorkAreRefused() {
        assertEquals("Invalid incremental settings: writeMode CHANGES needs keyColumns: the columns that identify a row, e.g."
                + " [\"id\"].", message(InvalidInputException.class,
                () -> jobs.create(BOB, incremental(new Incremental(WriteMode.CHANGES, null, null, null)))));
        assertEquals("Invalid incremental settings: writeMode APPEND needs watermarkColumn: the column whose greatest value the"
                + " last run saw, e.g. \"updatedAt\".", message(InvalidInputException.class,
                () -> jobs.create(BOB, incremental(new Incremental(WriteMode.APPEND, null, null, null)))));
        ConnectorVersion noDataset = world.published(TestWorld.apiKeyAuth(), List.of("Contacts"), List.of(), Visibility.PRIVATE);
        Account other = world.apiKeyAccount(BOB, noDataset.connectorId());
        assertTrue(message(InvalidInputException.class, () -> jobs.create(BOB, new JobRequest(noDataset.connectorId(), other.id(),
                null, "Contacts", Map.of(), null, null, null, null, null, null,
                new Incremental(WriteMode.CHANGES, List.of("id"), null, null)))).endsWith("has no datasetId parameter; use writeMode ALL."));
    }

    @Test
    void resendAllForgetsTheSnapshotAndOnlyTheOwnerMayAskForIt() {
        Job job = jobs.create(BOB, incremental(new Incremental(WriteMode.CHANGES, List.of("id"), null, null)));
        String pointer = "jobs/" + job.id() + "/changes/current.json";
        world.blobs.put(pointer, "{\"fingerprint\":\"f\",\"snapshotKey\":\"jobs/x/changes/snapshot-run-1.bin.gz\"}".getBytes(),
                "application/json");
        world.blobs.put("jobs/x/changes/snapshot-run-1.bin.gz", new byte[] {1}, "application/gzip");

        assertThrows(ForbiddenException.class, () -> jobs.resendAll(ALICE, job.id()));
        assertTrue(world.blobs.exists(pointer));
        assertEquals(job, jobs.resendAll(BOB, job.id()));
        assertFalse(world.blobs.exists(pointer));
        assertFalse(world.blobs.exists("jobs/x/changes/snapshot-run-1.bin.gz"));

        Job all = jobs.create(BOB, request("Deals", Map.of("datasetId", "ds-1"), null));
        assertEquals("Job " + all.id() + " already sends every row (writeMode ALL); resend-all is for writeMode CHANGES and APPEND.",
                message(InvalidStateException.class, () -> jobs.resendAll(BOB, all.id())));
    }

    private String parameterError(Map<String, String> parameters) {
        return message(InvalidInputException.class, () -> jobs.create(BOB, request("Contacts", parameters, null)));
    }

    @Test
    void aJobPinsThePublishedVersionAndKeepsTheValuesGiven() {
        Job job = jobs.create(BOB, request("Deals", Map.of("datasetId", "ds-1", "region", "EU"), null));

        assertTrue(job.id().startsWith("job-"));
        assertEquals(connector.connectorId(), job.connectorId());
        assertEquals(1, job.connectorVersion());
        assertEquals(account.id(), job.accountId());
        assertEquals("Acme CRM job", job.name());
        assertEquals("Deals", job.report());
        assertEquals(Map.of("datasetId", "ds-1", "region", "EU"), job.parameters());
        assertEquals(JobStatus.ACTIVE, job.status());
        assertEquals(JobRetryPolicy.NONE, job.retry());
        assertNull(job.schedule());
        assertEquals(START, job.createdAt());
        assertEquals(List.of(), world.scheduler.calls());
        assertEquals(job, jobs.get(ALICE, job.id()));
    }

    @Test
    void requiredParametersAreRequired() {
        assertEquals("Invalid parameters: datasetId is required.", parameterError(Map.of("datasetId", " ")));
        assertEquals("Invalid parameters: datasetId is required.", parameterError(null));
    }

    @Test
    void everyBadParameterIsNamedInOneMessage() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("datasetId", "ds-1");
        bad.put("limit", "ten");
        bad.put("region", "APAC");
        bad.put("since", "2025-02-30");
        bad.put("color", "blue");
        assertEquals("Invalid parameters: limit must be a number, not 'ten'; region must be one of EU, US, not 'APAC';"
                + " since must be a date (yyyy-MM-dd), a range (yyyy-MM-dd..yyyy-MM-dd, start not after end) or a relative"
                + " range such as 'last 7 days' or 'today-7..today', not '2025-02-30'; color is not a parameter of this"
                + " connector.", parameterError(bad));
        assertEquals(List.of(), jobs.list(BOB, 10, null).items());
    }

    @Test
    void typedParametersAcceptTheirFormats() {
        // Domo's "Integer" parameter takes "a number or a decimal field"
        for (String limit : List.of("10", "-3", "2.5")) {
            assertEquals(limit, jobs.create(BOB, request("Contacts", Map.of("datasetId", "d", "limit", limit), null)).parameters().get("limit"));
        }
        for (String since : List.of("2025-01-31", "2025-01-01..2025-01-31", "last 7 days", "Next 1 day", "today", "yesterday",
                "today-7..today", "{\"start\":\"2025-01-01\",\"end\":\"2025-01-31\"}", "2025-01-01/2025-01-31")) {
            assertEquals(since, jobs.create(BOB, request("Contacts", Map.of("datasetId", "d", "since", since), null)).parameters().get("since"));
        }
        assertEquals("Invalid parameters: since must be a date (yyyy-MM-dd), a range (yyyy-MM-dd..yyyy-MM-dd, start not"
                + " after end) or a relative range such as 'last 7 days' or 'today-7..today', not 'last week'.",
                parameterError(Map.of("datasetId", "d", "since", "last week")));
        assertTrue(parameterError(Map.of("datasetId", "d", "since", "2025-02-01..2025-01-01")).contains("not '2025-02-01..2025-01-01'"),
                "a range that ends before it starts");
    }

    @Test
    void anIntegerIsANumberOrADecimalAndNothingElse() {
        for (String bad : List.of("12abc", "1e999999", "1E5", "NaN", "Infinity", "-Infinity", "0x10", "1.", ".5", "1,5", "١٢")) {
            assertEquals("Invalid parameters: limit must be a number, not '" + bad + "'.",
                    parameterError(Map.of("datasetId", "d", "limit", bad)), bad);
        }
        assertEquals("Invalid parameters: region must be one of EU, US, not 'eu'.", parameterError(Map.of("datasetId", "d", "region", "eu")));
        assertEquals("Invalid parameters: since must be a date (yyyy-MM-dd), a range (yyyy-MM-dd..yyyy-MM-dd, start not after end) or"
                + " a relative range such as 'last 7 days' or 'today-7..today', not 'today-99999999'.",
                parameterError(Map.of("datasetId", "d", "since", "today-99999999")));
        assertEquals(List.of(), jobs.list(BOB, 10, null).items());
    }

    @Test
    void namesParameterValuesAndDomoClientsHaveLimitsCheckedBeforeAnythingIsStored() {
        String longName = "n".repeat(100_000);
        assertEquals("A job name has at most 100 characters; this one has 100000.", message(InvalidInputException.class,
                () -> jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), longName, "Contacts",
                        Map.of("datasetId", "d"), null, null))));
        String hugeName = "n".repeat(450 * 1024);
        assertEquals("A job name has at most 100 characters; this one has 460800.", message(InvalidInputException.class,
                () -> jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), hugeName, "Contacts",
                        Map.of("datasetId", "d"), null, null))));
        assertEquals("parameters.datasetId has at most 1024 characters; this one has 1025.",
                parameterError(Map.of("datasetId", "d".repeat(1025))));
        assertEquals("domoClient.clientKey has at most 128 characters; this one has 1048576.", message(InvalidInputException.class,
                () -> jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), null, "Contacts", Map.of("datasetId", "d"),
                        null, null, new JobDomoClients.DomoClientRequest("k".repeat(1024 * 1024), "secret")))));
        assertEquals(List.of(), jobs.list(BOB, 10, null).items());

        Job job = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), null));
        assertEquals("A job name has at most 100 characters; this one has 101.", message(InvalidInputException.class,
                () -> jobs.update(BOB, job.id(), new JobRequest(null, null, "n".repeat(101), null, null, null, null))));
        assertEquals(job, jobs.get(BOB, job.id()));
    }

    @Test
    void theReportMustBeOneOfTheConnectors() {
        assertEquals("Choose a report of this connector: Contacts, Deals.",
                message(InvalidInputException.class, () -> jobs.create(BOB, request(null, Map.of("datasetId", "d"), null))));
        assertEquals("Choose a report of this connector: Contacts, Deals; 'Leads' is not one.",
                message(InvalidInputException.class, () -> jobs.create(BOB, request("Leads", Map.of("datasetId", "d"), null))));

        ConnectorVersion noReports = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PRIVATE);
        Account other = world.apiKeyAccount(BOB, noReports.connectorId());
        assertEquals("Connector " + noReports.connectorId() + " has no reports; leave report out.",
                message(InvalidInputException.class, () -> jobs.create(BOB,
                        new JobRequest(noReports.connectorId(), other.id(), null, "Contacts", null, null, null))));
        assertNull(jobs.create(BOB, new JobRequest(noReports.connectorId(), other.id(), "No report", null, null, null, null)).report());
    }

    @Test
    void theAccountMustBeTheCallersConnectedAccountOfTheSameConnector() {
        ConnectorVersion otherConnector = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PRIVATE);
        Account ofOtherConnector = world.apiKeyAccount(BOB, otherConnector.connectorId());
        assertEquals("Account " + ofOtherConnector.id() + " belongs to connector " + otherConnector.connectorId()
                        + ", not " + connector.connectorId() + ".",
                message(InvalidInputException.class, () -> jobs.create(BOB, new JobRequest(connector.connectorId(),
                        ofOtherConnector.id(), null, "Contacts", Map.of("datasetId", "d"), null, null))));

        Account alices = world.apiKeyAccount(ALICE, connector.connectorId());
        assertEquals("There is no account " + alices.id() + ".", message(NotFoundException.class, () -> jobs.create(BOB,
                new JobRequest(connector.connectorId(), alices.id(), null, "Contacts", Map.of("datasetId", "d"), null, null))));

        var repository = world.services.accountRepository();
        repository.update(repository.get(account.id()).withStatus(AccountStatus.NEEDS_REAUTH, "invalid_grant", START));
        assertEquals("Account " + account.id() + " is NEEDS_REAUTH; connect it first.",
                message(InvalidStateException.class, () -> jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), null))));

        assertEquals("A job needs connectorId and accountId.", message(InvalidInputException.class,
                () -> jobs.create(BOB, new JobRequest(connector.connectorId(), null, null, null, null, null, null))));
    }

    @Test
    void retryPoliciesAreBounded() {
        assertEquals("maxRetries must be between 0 and 10.", message(InvalidInputException.class, () -> jobs.create(BOB,
                new JobRequest(connector.connectorId(), account.id(), null, "Contacts", Map.of("datasetId", "d"), null, new JobRetryPolicy(11, 0)))));
        assertEquals("initialDelaySeconds must be between 0 and 3600.", message(InvalidInputException.class, () -> jobs.create(BOB,
                new JobRequest(connector.connectorId(), account.id(), null, "Contacts", Map.of("datasetId", "d"), null, new JobRetryPolicy(3, -1)))));
        assertEquals(new JobRetryPolicy(3, 60), jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), null,
                "Contacts", Map.of("datasetId", "d"), null, new JobRetryPolicy(3, 60))).retry());
    }

    @Test
    void aScheduledJobIsHandedToTheSchedulerAndAnInvalidScheduleStoresNothing() {
        assertEquals("Schedules run at most every 15 minutes; 'rate(5 minutes)' is more often.", message(InvalidInputException.class,
                () -> jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), new Schedule("rate(5 minutes)", null)))));
        assertEquals(List.of(), jobs.list(BOB, 10, null).items());
        assertEquals(List.of(), world.scheduler.calls());

        Job job = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), new Schedule("cron(0 6 * * ? *)", "Europe/Paris")));
        assertEquals(new Schedule("cron(0 6 * * ? *)", "Europe/Paris"), job.schedule());
        assertEquals(List.of("schedule " + job.id() + " cron(0 6 * * ? *) Europe/Paris"), world.scheduler.calls());
        assertEquals(job, world.scheduler.scheduled().get(job.id()));
    }

    @Test
    void pauseResumeAndDeleteKeepTheSchedulerInStep() {
        Job job = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), new Schedule("rate(1 hour)", null)));
        String id = job.id();

        assertEquals(JobStatus.PAUSED, jobs.pause(BOB, id).status());
        assertEquals(Map.of(), world.scheduler.scheduled());
        Job resumed = jobs.resume(BOB, id);
        assertEquals(JobStatus.ACTIVE, resumed.status());
        assertEquals(resumed, world.scheduler.scheduled().get(id));
        world.blobs.put(JobScratchDatabases.key(id), new byte[] {1, 2, 3}, "application/octet-stream");
        jobs.delete(BOB, id);
        assertFalse(world.blobs.exists(JobScratchDatabases.key(id)), "the job's scratch database goes with it");

        assertEquals(List.of("schedule " + id + " rate(1 hour) UTC", "unschedule " + id, "schedule " + id + " rate(1 hour) UTC",
                "unschedule " + id), world.scheduler.calls());
        assertEquals("There is no job " + id + ".", message(NotFoundException.class, () -> jobs.get(BOB, id)));
    }

    @Test
    void onlyTheOwnerChangesOrRunsAJobBecauseItRunsWithTheirAccount() {
        Job job = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), null));
        String forbidden = "Job " + job.id() + " belongs to bob and runs with their account; only they may change or run it.";
        assertEquals(forbidden, message(ForbiddenException.class, () -> jobs.pause(ALICE, job.id())));
        assertEquals(forbidden, message(ForbiddenException.class,
                () -> jobs.update(ALICE, job.id(), new JobRequest(null, null, "Mine", null, null, null, null))));
        assertEquals(forbidden, message(ForbiddenException.class, () -> jobs.delete(ALICE, job.id())));
        assertEquals("Job " + job.id() + " belongs to bob and runs with their account; only they may run it.",
                message(ForbiddenException.class,
                        () -> world.services.runs().runNow(ALICE, job.id(), null)));
        assertEquals(job, jobs.get(ALICE, job.id()), "colleagues still see it");
    }

    @Test
    void aJobWhoseScheduleIsRefusedIsNotKept() {
        JobScheduler refusing = new JobScheduler() {
            @Override
            public void schedule(Job job) {
                throw new InvalidInputException("EventBridge Scheduler refused the schedule 'rate(1 hour)': no");
            }

            @Override
            public void unschedule(String jobId) {
            }
        };
        JobService strict = new JobService(world.services.jobRepository(), world.services.connectors(),
                world.services.accounts(), refusing, new FakeDatasetAccess(),
                new JobDomoClients(world.services.connectors(), world.vault, world.domo), world.clock);
        assertEquals("EventBridge Scheduler refused the schedule 'rate(1 hour)': no", message(InvalidInputException.class,
                () -> strict.create(BOB, request("Contacts", Map.of("datasetId", "d"), new Schedule("rate(1 hour)", null)))));
        assertEquals(List.of(), jobs.list(BOB, 10, null).items().stream().filter(j -> j.schedule() != null).toList());
    }

    @Test
    void resumingAnUnscheduledJobSchedulesNothing() {
        Job job = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), null));
        jobs.pause(BOB, job.id());
        jobs.resume(BOB, job.id());
        assertEquals(Map.of(), world.scheduler.scheduled());
    }

    @Test
    void updatingAJobRevalidatesWhatChangesAndReschedules() {
        Job job = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), null));

        Job changed = jobs.update(BOB, job.id(), new JobRequest(null, null, "Renamed", null, null,
                new Schedule("rate(1 day)", "UTC"), null));
        assertEquals("Renamed", changed.name());
        assertEquals("Contacts", changed.report());
        assertEquals(Map.of("datasetId", "d"), changed.parameters());
        assertEquals(changed, world.scheduler.scheduled().get(job.id()));

        assertEquals("Invalid parameters: datasetId is required.", message(InvalidInputException.class,
                () -> jobs.update(BOB, job.id(), new JobRequest(null, null, null, null, Map.of("region", "EU"), null, null))));
        assertEquals("A job's connector cannot change; create a new job instead.", message(InvalidInputException.class,
                () -> jobs.update(BOB, job.id(), new JobRequest("con-other", null, null, null, null, null, null))));
        assertEquals("Renamed", jobs.get(BOB, job.id()).name());
    }

    @Test
    void jobsOfOtherCompaniesAreNotFound() {
        Job job = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), new Schedule("rate(1 hour)", null)));
        String notFound = "There is no job " + job.id() + ".";
        assertEquals(notFound, message(NotFoundException.class, () -> jobs.get(GUS, job.id())));
        assertEquals(notFound, message(NotFoundException.class, () -> jobs.pause(GUS, job.id())));
        assertEquals(notFound, message(NotFoundException.class, () -> jobs.delete(GUS, job.id())));
        assertEquals(notFound, message(NotFoundException.class,
                () -> jobs.update(GUS, job.id(), new JobRequest(null, null, "Mine", null, null, null, null))));
        assertEquals(List.of(), jobs.list(GUS, 10, null).items());
        assertEquals(List.of(job.id()), jobs.list(ALICE, 10, null).items().stream().map(Job::id).toList());
        assertEquals(job, world.scheduler.scheduled().get(job.id()));
    }

    @Test
    void aJobOfAnotherCompanyReadsWithItsOwnCompanysDomoClientNeverThePublishers() {
        ConnectorVersion shared = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PUBLIC);
        Account gusAccount = world.apiKeyAccount(GUS, shared.connectorId());
        assertEquals("Connector " + shared.connectorId() + " is published by another company; a job on it reads your "
                        + "DataSets with your company's Domo API client: give domoClient {clientKey, clientSecret}.",
                message(InvalidInputException.class, () -> jobs.create(GUS,
                        new JobRequest(shared.connectorId(), gusAccount.id(), null, null, null, null, null))));
        assertEquals(List.of(), jobs.list(GUS, 10, null).items(), "nothing stored");

        Job job = jobs.create(GUS, new JobRequest(shared.connectorId(), gusAccount.id(), null, null, null, null, null,
                new JobDomoClients.DomoClientRequest("globex-domo", "globex-secret")));
        assertEquals("globex-domo", job.domoClientKey());
        assertEquals("globex-domo", world.domo.verified().getLast().clientId(), "verified with Domo before it is kept");
        assertEquals(Optional.of("globex-secret"), world.vault.get(JobDomoClients.secretName(job.id())));
        assertFalse(world.services.jobRepository().get(job.id()).toString().contains("globex-secret"));

        jobs.delete(GUS, job.id());
        assertEquals(Optional.empty(), world.vault.get(JobDomoClients.secretName(job.id())));
    }

    @Test
    void aJobOnAPublicConnectorStaysEditableAfterTheAuthorPublishesANewVersion() {
        ConnectorVersion shared = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PUBLIC);
        Account gusAccount = world.apiKeyAccount(GUS, shared.connectorId());
        Job job = jobs.create(GUS, new JobRequest(shared.connectorId(), gusAccount.id(), null, null, null, null, null,
                new JobDomoClients.DomoClientRequest("globex-domo", "globex-secret")));

        var connectors = world.services.connectors();
        connectors.update(ALICE, shared.connectorId(), null, null, "Second edition", null, null);
        connectors.submit(ALICE, shared.connectorId(), Visibility.PUBLIC);
        connectors.approve(TestWorld.RITA, shared.connectorId());

        Job renamed = jobs.update(GUS, job.id(), new JobRequest(null, null, "Globex nightly", null, null, null, null));
        assertEquals("Globex nightly", renamed.name());
        assertEquals(1, renamed.connectorVersion());
    }

    // ---- the input DataSet

    @Test
    void aJobChecksItsInputDatasetWithTheConnectorsDomoClient() {
        jobs.create(BOB, request("Deals", Map.of("datasetId", " ds-1 "), null));

        assertEquals(List.of(new FakeDatasetAccess.Check(
                new DomoCredentials("domo-key", "domo-secret", List.of("data")), "ds-1")), world.datasets.checks());
    }

    @Test
    void aJobWhoseInputDatasetCannotBeReadIsNotCreated() {
        world.datasets.unreadable("ds-gone");

        assertEquals("Domo DataSet 'ds-gone' cannot be read with client domo-key.", message(UnprocessableException.class,
                () -> jobs.create(BOB, request("Deals", Map.of("datasetId", "ds-gone"), null))));
        assertEquals(List.of(), jobs.list(BOB, 10, null).items());
    }

    @Test
    void updatingAJobChecksANewInputDatasetOnly() {
        Job job = jobs.create(BOB, request("Deals", Map.of("datasetId", "ds-1"), null));
        world.datasets.unreadable("ds-2");

        jobs.update(BOB, job.id(), new JobRequest(null, null, null, null, Map.of("datasetId", "ds-1", "region", "US"), null, null));
        assertEquals(1, world.datasets.checks().size(), "the same DataSet is not checked again");
        assertEquals("Domo DataSet 'ds-2' cannot be read with client domo-key.", message(UnprocessableException.class,
                () -> jobs.update(BOB, job.id(), new JobRequest(null, null, null, null, Map.of("datasetId", "ds-2"), null, null))));
        assertEquals(Map.of("datasetId", "ds-1", "region", "US"), jobs.get(BOB, job.id()).parameters());
    }

    @Test
    void aConnectorWithoutADatasetParameterChecksNothing() {
        ConnectorVersion plain = world.published(TestWorld.apiKeyAuth(), List.of(), List.of(), Visibility.PRIVATE);
        Account plainAccount = world.apiKeyAccount(BOB, plain.connectorId());

        jobs.create(BOB, new JobRequest(plain.connectorId(), plainAccount.id(), null, null, null, null, null));

        assertEquals(List.of(), world.datasets.checks());
    }

    @Test
    void daysIsAnOptionalJobSettingFromOneToTenYearsKeptOnUpdate() {
        Job plain = jobs.create(BOB, request("Contacts", Map.of("datasetId", "d"), null));
        assertNull(plain.days());
        assertEquals(1, ReportDays.of(connector, plain, LocalDate.of(2025, 3, 1)), "the default, as in Domo's metadata");

        Job weekly = jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), null, "Contacts", Map.of("datasetId", "d"),
                null, null, null, 7, null));
        assertEquals(7, weekly.days());
        assertEquals(7, ReportDays.of(connector, weekly, LocalDate.of(2025, 3, 1)));
        Job renamed = jobs.update(BOB, weekly.id(), new JobRequest(null, null, "Weekly", null, null, null, null));
        assertEquals(7, renamed.days());
        assertEquals(30, jobs.update(BOB, weekly.id(), new JobRequest(null, null, null, null, null, null, null, null, 30, null)).days());

        for (int bad : List.of(0, -1, 3661)) {
            assertEquals("days must be between 1 and 3660, not " + bad + ".", message(InvalidInputException.class,
                    () -> jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), null, "Contacts",
                            Map.of("datasetId", "d"), null, null, null, bad, null))));
        }
    }

    @Test
    void aDateSelectorParameterGivesDaysItsSpan() {
        LocalDate today = LocalDate.of(2025, 3, 1);
        Map<String, Integer> spans = Map.of("last 7 days", 7, "2025-01-01..2025-01-31", 30, "2025-02-10", 1, "today-3..today", 3);
        spans.forEach((since, days) -> {
            Job job = jobs.create(BOB, new JobRequest(connector.connectorId(), account.id(), null, "Contacts",
                    Map.of("datasetId", "d", "since", since), null, null, null, 90, null));
            assertEquals(days, ReportDays.of(connector, job, today), since);
        });
    }
}
