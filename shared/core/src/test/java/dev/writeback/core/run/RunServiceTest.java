package dev.writeback.core.run;

import static dev.writeback.core.testing.TestWorld.ALICE;
import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.GUS;
import static dev.writeback.core.testing.TestWorld.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountStatus;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRepository;
import dev.writeback.core.job.JobRetryPolicy;
import dev.writeback.core.job.JobService;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.HttpUsage;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import dev.writeback.core.time.Deadline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RunServiceTest {
    private static final List<Column> CONTACTS = List.of(new Column("name", DomoType.STRING), new Column("amount", DomoType.DOUBLE));
    private static final DataGrid.GridColumn NAME = new DataGrid.GridColumn("name", "STRING");
    private static final DataGrid.GridColumn NOTE = new DataGrid.GridColumn("note", "STRING");
    private static final DataGrid.GridColumn AMOUNT = new DataGrid.GridColumn("amount", "DOUBLE");

    private final TestWorld world = new TestWorld();
    private final RunService runs = world.services.runs();
    private final ConnectorVersion connector;
    private final Account account;
    private final Job job;

    /** A run that the Lambda runtime stops in the middle: nothing after it is recorded. */
    private static final class ContainerStopped extends Error {
    }

    RunServiceTest() {
        world.dataPlanes.dataset("ds-1", "Contacts", CONTACTS, List.of(List.of("Ann", 1.5), List.of("Bob", 2.0), List.of("Cy", 3.25)));
        connector = world.publishedApiKeyConnector();
        account = world.apiKeyAccount(BOB, connector.connectorId());
        job = world.job(BOB, connector, account, null);
    }

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private Deadline tenMinutes() {
        return Deadline.after(Duration.ofMinutes(10), world.clock);
    }

    private Run runNow() {
        return runs.runNow(BOB, job.id(), null).run();
    }

    /** A processing script that reads its DataSet, writes three rows (one with every CSV edge), logs and saves state. */
    private ProcessOutcome writesContacts(ScriptInput input) {
        QueryResult data = input.dataPlane().query((String) input.parameters().get("datasetId"), "select * from tbl");
        world.clock.advance(Duration.ofSeconds(2));
        DataGrid grid = new DataGrid(List.of(NAME, NOTE, AMOUNT), List.of(
                Arrays.asList("Ann", null, 1.5),
                Arrays.asList("Bob, Jr.", "", 2),
                Arrays.asList("Cy \"the\" guy", "line1\nline2", null)), false);
        return new ProcessOutcome(null, grid, List.of("read " + data.numRows() + " rows", "pushed 3 contacts"),
                Map.of("cursor", "3"), new HttpUsage(2, 120, 40), 5);
    }

    // ---- success

    @Test
    void aSuccessfulRunRecordsCountsLogOutputAndState() {
        world.scripts.onProcess((source, input) -> writesContacts(input));

        RunService.Started started = runs.runNow(BOB, job.id(), null);

        assertFalse(started.duplicate());
        Run run = started.run();
        assertTrue(run.id().startsWith("run-"));
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(Trigger.HTTP, run.trigger());
        assertEquals(job.id(), run.jobId());
        assertEquals("acme", run.companyId());
        assertEquals(1, run.connectorVersion());
        assertEquals(3, run.rowsRead());
        assertEquals(3 + 5, run.rowsWritten(), "grid rows plus rows of built-in writers");
        assertEquals(120, run.bytesWritten());
        assertEquals(2, run.requests());
        assertEquals(START, run.startedAt());
        assertEquals(2000L, run.durationMillis());
        assertNull(run.leaseExpiresAt());
        assertNull(run.error());
        assertFalse(run.cancelRequested());

        assertEquals("runs/" + run.id() + "/log.txt", run.logKey());
        assertEquals("read 3 rows\npushed 3 contacts\n", world.blobs.text(run.logKey()));
        assertEquals("read 3 rows\npushed 3 contacts\n", runs.log(BOB, run.id()));
        assertEquals("runs/" + run.id() + "/output.csv", run.outputKey());
        assertEquals("name,note,amount\nAnn,,1.5\n\"Bob, Jr.\",\"\",2\n\"Cy \"\"the\"\" guy\",\"line1\nline2\",\n",
                world.blobs.text(run.outputKey()));
        assertEquals("text/csv", world.blobs.get(run.outputKey()).orElseThrow().contentType());
        assertEquals(List.of(NAME, NOTE, AMOUNT), run.output().columns());
        assertEquals(Arrays.asList("Ann", null, 1.5), run.output().rows().getFirst());

        assertEquals(Map.of("cursor", "3"), world.services.jobRepository().state(job.id()).values());
        assertEquals(run, runs.get(BOB, run.id()));
        assertEquals(List.of(run.id()), runs.list(BOB, job.id(), 10, null).items().stream().map(Run::id).toList());
    }

    @Test
    void theScriptSeesTheJobAccountAndStateAndTheDataPlaneUsesTheConnectorsDomoClient() {
        world.scripts.onProcess((source, input) -> writesContacts(input));
        runNow();
        runNow();

        List<FakeScriptRunner.Call> calls = world.scripts.processCalls();
        ScriptInput first = calls.getFirst().input();
        assertEquals("process.js", calls.getFirst().source().name());
        assertEquals(TestWorld.PROCESS_JS, calls.getFirst().source().code());
        assertEquals("key-123", first.account().get("apikey"));
        assertEquals("Contacts", first.report());
        assertEquals(Map.of("datasetId", "ds-1"), first.parameters());
        assertEquals("https://acme.domo.com", first.baseUrl());
        assertEquals(Map.of(), first.state());
        assertEquals(Set.of("key-123", "domo-secret"), first.redactions());
        assertEquals(Map.of("cursor", "3"), calls.get(1).input().state(), "the second run sees the first run's state");
        assertEquals(new DomoCredentials("domo-key", "domo-secret", List.of("data")), world.dataPlanes.opened().getFirst());
        assertEquals(List.of("select * from tbl"), world.dataPlanes.planes().getFirst().queries());
    }

    @Test
    void theScriptSeesDaysAndWhenTheJobsLastSuccessfulRunStarted() {
        world.scripts.onProcess((source, input) -> writesContacts(input));
        Run first = runNow();
        world.clock.advance(Duration.ofHours(1));
        world.scripts.onProcess((s, i) -> new ProcessOutcome(new ScriptError(ScriptError.Kind.RUNTIME, "boom", "process.js", 1, 1, null),
                DataGrid.empty(), List.of(), Map.of(), new HttpUsage(0, 0, 0), 0));
        runNow();
        world.clock.advance(Duration.ofHours(1));
        world.scripts.onProcess((source, input) -> writesContacts(input));
        Run third = runNow();

        List<ScriptInput> inputs = world.scripts.processCalls().stream().map(FakeScriptRunner.Call::input).toList();
        assertEquals(List.of(1, 1, 1), inputs.stream().map(ScriptInput::days).toList(), "the job sets no days: Domo's default");
        assertNull(inputs.get(0).lastRunDate(), "null on the first run");
        assertEquals(first.startedAt(), inputs.get(1).lastRunDate());
        assertEquals(first.startedAt(), inputs.get(2).lastRunDate(), "a failed run does not count");
        assertEquals(third.startedAt(), world.services.jobRepository().get(job.id()).lastSuccessfulRunStartedAt());
        assertEquals(third.startedAt(), world.services.jobs().get(BOB, job.id()).lastSuccessfulRunStartedAt());
    }

    @Test
    void datagridErrorKeepsItsCodeInTheRunRecordAndTheLog() {
        world.scripts.onProcess((s, i) -> new ProcessOutcome(
                new ScriptError(ScriptError.Kind.DATAGRID_ERROR, "Deals is not a supported report.", "process.js", 4, 3, 3),
                DataGrid.empty(), List.of(), Map.of(), new HttpUsage(0, 0, 0), 0));

        Run run = runNow();

        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(new RunError("script", "DATAGRID_ERROR", "Deals is not a supported report.", "process.js", 4, 3, 3), run.error());
        assertEquals(run.error(), runs.get(BOB, run.id()).error());
        assertEquals("[script] process.js:4:3: Deals is not a supported report. (datagrid.error code 3)\n", runs.log(BOB, run.id()));
    }

    @Test
    void theAccountsSecretsWrittenIntoTheDatagridStateAndLogReadBackAsMasksCompanyWide() {
        String base64 = Base64.getEncoder().encodeToString("key-123".getBytes(StandardCharsets.UTF_8));
        String urlSafeUnpadded = Base64.getUrlEncoder().withoutPadding().encodeToString("key-123".getBytes(StandardCharsets.UTF_8));
        world.scripts.onProcess((s, input) -> new ProcessOutcome(null, new DataGrid(List.of(NAME, NOTE, AMOUNT), List.of(
                Arrays.asList("Ann", "token=key-123", 1.5), Arrays.asList("Bob", "Authorization: Basic " + base64, 2)), false),
                List.of("calling with " + input.account().get("apikey"), "encoded " + urlSafeUnpadded),
                Map.of("token", "key-123", "cursor", "3"), new HttpUsage(1, 10, 10), 0));

        Run run = runNow();

        Run seenByAlice = runs.get(TestWorld.ALICE, run.id());
        assertEquals(List.of(Arrays.asList("Ann", "token=***", 1.5), Arrays.asList("Bob", "Authorization: Basic ***", 2)),
                seenByAlice.output().rows());
        assertEquals(seenByAlice, runs.list(TestWorld.ALICE, job.id(), 10, null).items().getFirst());
        assertEquals("calling with ***\nencoded ***\n", runs.log(TestWorld.ALICE, run.id()));
        assertEquals("name,note,amount\nAnn,token=***,1.5\nBob,Authorization: Basic ***,2\n", world.blobs.text(run.outputKey()));
        assertEquals(Map.of("token", "***", "cursor", "3"), world.services.jobRepository().state(job.id()).values());
    }

    @Test
    void aSecretInARunsErrorMessageIsMasked() {
        world.scripts.onProcess((s, input) -> FakeScriptRunner.failed(
                new ScriptError(ScriptError.Kind.RUNTIME, "login refused for key-123", "process.js", 3, 7, null), List.of()));

        Run run = runNow();

        assertEquals("login refused for ***", runs.get(TestWorld.ALICE, run.id()).error().message());
        assertEquals("[script] process.js:3:7: login refused for ***\n", runs.log(TestWorld.ALICE, run.id()));
    }

    @Test
    void theRunRecordKeepsTheFirstFiftyOutputRowsAndTheBlobKeepsAll() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(List.of("row" + i));
        }
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(new DataGrid(List.of(NAME), rows, false)));

        Run run = runNow();

        assertEquals(50, run.output().rows().size());
        assertTrue(run.output().truncated());
        assertEquals(60, run.rowsWritten());
        assertEquals(61, world.blobs.text(run.outputKey()).lines().count());
    }

    @Test
    void aRunWithoutAnOutputGridWritesNoOutputBlob() {
        Run run = runNow();
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertNull(run.outputKey());
        assertEquals(0, run.rowsWritten());
        assertEquals("", runs.log(BOB, run.id()));
    }

    // ---- failures

    @Test
    void aScriptErrorFailsTheRunWithScriptLineAndColumnAndKeepsTheOldState() {
        world.scripts.onProcess((s, i) -> new ProcessOutcome(
                new ScriptError(ScriptError.Kind.RUNTIME, "TypeError: rows is undefined", "process.js", 12, 5, null),
                DataGrid.empty(), List.of("starting"), Map.of("cursor", "99"), new HttpUsage(1, 10, 0), 0));

        Run run = runNow();

        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(new RunError("script", "RUNTIME", "TypeError: rows is undefined", "process.js", 12, 5), run.error());
        assertEquals("starting\n[script] process.js:12:5: TypeError: rows is undefined\n", runs.log(BOB, run.id()));
        assertEquals(1, run.requests());
        assertEquals(Map.of(), world.services.jobRepository().state(job.id()).values(), "state is saved only on success");
    }

    @Test
    void aScriptStoppedByItsDeadlineTimesOut() {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.DEADLINE,
                "The run's time limit was reached.", "process.js", 40, 1, null), List.of()));

        Run run = runNow();

        assertEquals(RunStatus.TIMED_OUT, run.status());
        assertEquals("DEADLINE", run.error().kind());
        assertEquals("script", run.error().stage());
    }

    @Test
    void anAccountThatNeedsReauthenticationFailsAtTheCredentialsStage() {
        var accounts = world.services.accountRepository();
        accounts.update(accounts.get(account.id()).withStatus(AccountStatus.NEEDS_REAUTH, "invalid_grant", START));

        Run run = runNow();

        String expected = "Account " + account.id() + " is NEEDS_REAUTH (invalid_grant); connect it again before running jobs with it.";
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(RunError.of("credentials", "invalid-state", expected), run.error());
        assertEquals("[credentials] " + expected + "\n", runs.log(BOB, run.id()));
        assertEquals(List.of(), world.scripts.processCalls());
        assertEquals(List.of(), world.dataPlanes.opened());
    }

    @Test
    void aDeletedAccountFailsAtTheCredentialsStage() {
        world.services.accounts().delete(BOB, account.id());
        Run run = runNow();
        assertEquals(RunError.of("credentials", "invalid-state", "The job's account " + account.id()
                + " no longer exists; choose another account for the job."), run.error());
    }

    @Test
    void aMissingDomoSecretFailsAtTheDomoStage() {
        world.vault.delete(ConnectorService.domoSecretName(connector.connectorId(), 1));

        Run run = runNow();

        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(RunError.of("domo", "invalid-state", "The Domo client secret of connector " + connector.connectorId()
                + " is missing; set the Domo client again."), run.error());
        assertEquals(List.of(), world.dataPlanes.opened());
        assertEquals(List.of(), world.scripts.processCalls());
    }

    @Test
    void anUnexpectedFailureIsRecordedWithoutItsInternalText() {
        world.scripts.onProcess((s, i) -> {
            throw new IllegalStateException("engine pool exhausted at 0x7f3a");
        });

        Run run = runNow();

        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(RunError.of("internal", "internal-error",
                "The run stopped on an internal error at the script step; it has been logged for the operators."), run.error());
        assertEquals("[script] internal error\n", runs.log(BOB, run.id()));
    }

    // ---- starting once

    @Test
    void aDuplicateScheduleEventReturnsTheSameRunAndRunsTheScriptOnce() {
        RunService.Started first = runs.runScheduled(job.id(), "evt-1", tenMinutes());
        RunService.Started again = runs.runScheduled(job.id(), "evt-1", tenMinutes());

        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.run(), again.run());
        assertEquals(Trigger.SCHEDULE, first.run().trigger());
        assertEquals("evt-1", first.run().triggerId());
        assertEquals(1, world.scripts.processCalls().size());

        assertFalse(runs.runScheduled(job.id(), "evt-2", tenMinutes()).duplicate());
        assertEquals(2, world.scripts.processCalls().size());
    }

    @Test
    void anIdempotencyKeyMakesRunNowStartOneRun() {
        RunService.Started first = runs.runNow(BOB, job.id(), "click-42");
        RunService.Started retry = runs.runNow(BOB, job.id(), "click-42");
        RunService.Started other = runs.runNow(BOB, job.id(), "click-43");

        assertTrue(retry.duplicate());
        assertEquals(first.run().id(), retry.run().id());
        assertFalse(other.duplicate());
        assertEquals(2, world.scripts.processCalls().size());
    }

    @Test
    void theSameIdempotencyKeyOnAnotherCompanysJobStartsItsOwnRun() {
        ConnectorVersion shared = world.published(TestWorld.apiKeyAuth(), List.of("Contacts"),
                connector.parameters(), Visibility.PUBLIC);
        Job gusJob = world.job(GUS, shared, world.apiKeyAccount(GUS, shared.connectorId()), null);
        Run acmeRun = runs.runNow(BOB, job.id(), "retry-1").run();

        RunService.Started globex = runs.runNow(GUS, gusJob.id(), "retry-1");

        assertFalse(globex.duplicate());
        assertEquals(gusJob.id(), globex.run().jobId());
        assertEquals("globex", globex.run().companyId());
        assertEquals(acmeRun, runs.get(BOB, acmeRun.id()));
        assertEquals("globex-domo-client", world.dataPlanes.opened().getLast().clientId(),
                "Globex's run reads with Globex's Domo client, not the publisher's");
    }

    // ---- leases and cancelling

    @Test
    void cancellingAQueuedRunEndsItAtOnce() {
        Run queued = world.services.runRepository().create(Run.queued("run-queued", job, Trigger.HTTP, null, START));
        world.clock.advance(Duration.ofSeconds(5));

        Run cancelled = runs.cancel(BOB, queued.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertTrue(cancelled.cancelRequested());
        assertEquals(START.plusSeconds(5), cancelled.endedAt());
    }

    @Test
    void onlyTheJobsOwnerMayCancelItsRuns() {
        Run queued = world.services.runRepository().create(Run.queued("run-others", job, Trigger.HTTP, null, START));

        assertEquals("Run run-others belongs to job " + job.id() + " of bob; only they may cancel its runs.",
                message(ForbiddenException.class, () -> runs.cancel(ALICE, queued.id())));
        assertEquals(RunStatus.QUEUED, runs.get(ALICE, queued.id()).status());
        assertFalse(runs.get(ALICE, queued.id()).cancelRequested());
        assertEquals(RunStatus.CANCELLED, runs.cancel(BOB, queued.id()).status());
    }

    @Test
    void theRunsOfADeletedJobMayBeCancelledByItsCompany() {
        Run queued = world.services.runRepository().create(Run.queued("run-orphan", job, Trigger.HTTP, null, START));
        world.services.jobs().delete(BOB, job.id());

        Run cancelled = runs.cancel(ALICE, queued.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals("alice", cancelled.cancelRequestedBy());
    }

    @Test
    void aFinishedRunCannotBeCancelled() {
        Run run = runNow();
        assertEquals("Run " + run.id() + " has already finished (SUCCEEDED).",
                message(InvalidStateException.class, () -> runs.cancel(BOB, run.id())));
    }

    @Test
    void aCancelledQueuedRunNamesWhoCancelledItAndNeverExecutes() {
        Run queued = world.services.runRepository().create(Run.queued("run-q2", job, Trigger.HTTP, null, START));
        world.clock.advance(Duration.ofSeconds(5));
        runs.cancel(BOB, queued.id());

        Run afterDelivery = runs.execute(queued.id(), tenMinutes());

        assertEquals(RunStatus.CANCELLED, afterDelivery.status());
        assertEquals("bob", afterDelivery.cancelRequestedBy());
        assertEquals(START.plusSeconds(5), afterDelivery.cancelRequestedAt());
        assertEquals(RunError.of("queue", "cancelled", "The run was cancelled by bob at 2025-03-01T09:00:05Z before it started."),
                afterDelivery.error());
        assertEquals(List.of(), world.scripts.processCalls());
    }

    @Test
    void whileTheScriptRunsTheRecordShowsItsProgressAndTheFinalCountsReplaceIt() {
        List<RunProgress> reports = new ArrayList<>();
        world.scripts.onProcess((s, input) -> {
            String id = runs.list(BOB, job.id(), 10, null).items().getFirst().id();
            input.dataPlane().query("ds-1", "select * from tbl");
            input.progress().rowsWritten(2);
            input.progress().requestSent(100);
            reports.add(awaitProgress(id, p -> p.requests() == 1));
            input.progress().requestSent(50);
            world.clock.advance(Duration.ofSeconds(1));
            reports.add(awaitProgress(id, p -> p.requests() == 2));
            return FakeScriptRunner.succeeded(DataGrid.empty());
        });

        Run run = runNow();

        assertEquals(List.of(new RunProgress(3, 2, 1, 100, START), new RunProgress(3, 2, 2, 150, START.plusSeconds(1))),
                reports, "what GET /runs/{id} showed while the script ran");
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertNull(run.progress(), "the final counts replace the report");
        assertNull(runs.get(BOB, run.id()).progress());
    }

    /** The run's progress as its record shows it, once {@code wanted} holds (read again until then, for a minute). */
    private RunProgress awaitProgress(String runId, Predicate<RunProgress> wanted) {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (;;) {
            RunProgress p = runs.get(BOB, runId).progress();
            if (p != null && wanted.test(p)) {
                return p;
            }
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the run never reported the progress wanted; last: " + p);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void cancellingARunningRunStopsTheScriptAndRecordsWhoAndWhen() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        world.scripts.onProcess((s, input) -> {
            world.clock.advance(Duration.ofSeconds(3));
            Run running = runs.list(BOB, job.id(), 10, null).items().getFirst();
            runs.cancel(BOB, running.id());
            // what the sandbox does when the signal fires: the script stops where it was
            input.cancel().onCancel(stopped::countDown);
            await(stopped);
            return FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.CANCELLED, input.cancel().reason(),
                    "process.js", 7, 3, null), List.of("looping"));
        });

        Run run = runNow();

        assertEquals(RunStatus.CANCELLED, run.status());
        assertEquals("bob", run.cancelRequestedBy());
        assertEquals(START.plusSeconds(3), run.cancelRequestedAt());
        assertEquals(new RunError("script", "CANCELLED", "The run was cancelled by bob at 2025-03-01T09:00:03Z",
                "process.js", 7, 3), run.error());
        assertEquals("looping\n[script] process.js:7:3: The run was cancelled by bob at 2025-03-01T09:00:03Z\n",
                runs.log(BOB, run.id()));
    }

    @Test
    void aCancelMadeByAnotherProcessReachesTheScriptThroughTheRunRecord() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        world.scripts.onProcess((s, input) -> {
            RunRepository repo = world.services.runRepository();
            Run running = repo.get(runs.list(BOB, job.id(), 10, null).items().getFirst().id());
            // another executor or API container writes the request; this process only sees the record
            repo.update(running.toBuilder().cancelRequested(true).cancelRequestedBy("alice")
                    .cancelRequestedAt(START.plusSeconds(1)).build());
            input.cancel().onCancel(stopped::countDown);
            await(stopped);
            return FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.CANCELLED, input.cancel().reason(),
                    "process.js", 2, 1, null), List.of());
        });

        Run run = runNow();

        assertEquals(RunStatus.CANCELLED, run.status());
        assertEquals("The run was cancelled by alice at 2025-03-01T09:00:01Z", run.error().message());
        assertEquals("alice", run.cancelRequestedBy());
    }

    @Test
    void aScriptThatFailsAfterACancelIsRecordedCancelledWithItsError() {
        world.scripts.onProcess((s, input) -> {
            runs.cancel(BOB, runs.list(BOB, job.id(), 10, null).items().getFirst().id());
            return FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.RUNTIME, "Error: socket closed",
                    "process.js", 4, 9, null), List.of());
        });

        Run run = runNow();

        assertEquals(RunStatus.CANCELLED, run.status());
        assertEquals(new RunError("script", "CANCELLED", "The run was cancelled by bob at 2025-03-01T09:00:00Z; the script"
                + " then stopped with: Error: socket closed", "process.js", 4, 9), run.error());
    }

    @Test
    void aSecondDeliveryOfARunEventWhileItExecutesDoesNotExecuteItAgain() {
        List<RunStatus> seenBySecondDelivery = new ArrayList<>();
        world.scripts.onProcess((s, input) -> {
            Run running = runs.list(BOB, job.id(), 10, null).items().getFirst();
            seenBySecondDelivery.add(runs.execute(running.id(), tenMinutes()).status());
            return FakeScriptRunner.succeeded(DataGrid.empty());
        });

        Run run = runNow();

        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(List.of(RunStatus.RUNNING), seenBySecondDelivery);
        assertEquals(1, world.scripts.processCalls().size());
        assertEquals(RunStatus.SUCCEEDED, runs.execute(run.id(), tenMinutes()).status(), "a late delivery changes nothing");
        assertEquals(1, world.scripts.processCalls().size());
    }

    @Test
    void aHostCallFailingAfterTheDeadlineTimesOutAtItsStep() {
        world.scripts.onProcess((s, input) -> {
            world.clock.advance(Duration.ofMinutes(11));
            throw new UpstreamException("Could not export DataSet ds-1 at Domo before the run's deadline.");
        });

        Run run = runNow();

        assertEquals(RunStatus.TIMED_OUT, run.status());
        assertEquals(RunError.of("script", "deadline", "The run ran out of time at the script step (its deadline was "
                + "2025-03-01T09:10:00Z): Could not export DataSet ds-1 at Domo before the run's deadline."),
                run.error());
    }

    @Test
    void aScriptStuckPastItsDeadlineIsRecordedTimedOutWithoutWaitingForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        world.scripts.onProcess((s, input) -> {
            world.clock.advance(Duration.ofMinutes(11)); // past the deadline and the stop grace
            await(release); // a host call the sandbox cannot interrupt
            return FakeScriptRunner.succeeded(DataGrid.empty());
        });

        Run run = runNow();
        release.countDown();

        assertEquals(RunStatus.TIMED_OUT, run.status());
        assertEquals(new RunError("script", "DEADLINE", "script exceeded its deadline (the run's time ran out at "
                + "2025-03-01T09:10:00Z) and did not stop within 3 s (it was inside a host call), so the run was ended "
                + "without it", "process.js", 0, 0), run.error());
        assertNull(run.leaseExpiresAt());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the signal never came");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCancelRequestWhileRunningIsKeptWithTheOutcome() {
        world.scripts.onProcess((s, input) -> {
            Run running = runs.list(BOB, job.id(), 10, null).items().getFirst();
            Run asked = runs.cancel(BOB, running.id());
            assertEquals(RunStatus.RUNNING, asked.status());
            return FakeScriptRunner.succeeded(DataGrid.empty());
        });

        Run run = runNow();

        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertTrue(run.cancelRequested());
        assertEquals(run, world.services.runRepository().get(run.id()));
    }

    // ---- other companies

    @Test
    void anotherCompanysJobsAndRunsAreNotFound() {
        Run run = runNow();
        String noJob = "There is no job " + job.id() + ".";
        String noRun = "There is no run " + run.id() + ".";
        assertEquals(noJob, message(NotFoundException.class, () -> runs.runNow(GUS, job.id(), null)));
        assertEquals(noJob, message(NotFoundException.class, () -> runs.list(GUS, job.id(), 10, null)));
        assertEquals(noRun, message(NotFoundException.class, () -> runs.get(GUS, run.id())));
        assertEquals(noRun, message(NotFoundException.class, () -> runs.log(GUS, run.id())));
        assertEquals(noRun, message(NotFoundException.class, () -> runs.cancel(GUS, run.id())));
        assertEquals(1, world.scripts.processCalls().size());
    }

    @Test
    void idempotencyKeysThatDifferOnlyInOddCharactersStartDifferentRuns() {
        assertEquals("click-42", RunService.sanitize("click-42"));
        assertNotEquals(RunService.sanitize("a/b"), RunService.sanitize("a:b"));
        assertNotEquals(RunService.sanitize("x".repeat(120) + "1"), RunService.sanitize("x".repeat(120) + "2"));
        assertTrue(RunService.sanitize("a/b").matches("h[0-9a-f]{40}"));
    }

    @Test
    void theRecordKeepsTheFirstRowsWithinItsBudgetAndShortensLongCells() {
        DataGrid grid = new DataGrid(List.of(new DataGrid.GridColumn("body", "STRING")),
                IntStream.range(0, 80).<List<Object>>mapToObj(i -> List.of("y".repeat(3_000))).toList(), false);
        DataGrid head = RunRecorder.head(grid);
        assertTrue(head.truncated());
        assertEquals(1_001, ((String) head.rows().get(0).get(0)).length(), "1000 characters and an ellipsis");
        assertTrue(head.rows().size() < 80);
        DataGrid small = new DataGrid(grid.columns(), List.of(List.of("ok")), false);
        assertEquals(small, RunRecorder.head(small));
    }

    @Test
    void aFailedScheduledRunIsRetriedAsTheJobsPolicySaysWithAGrowingDelay() {
        Job retried = world.services.jobs().update(BOB, job.id(), new JobService.JobRequest(
                null, null, null, null, null, null, new JobRetryPolicy(2, 120)));
        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.RUNTIME, "boom",
                "process.js", 1, 1, null), List.of()));
        int before = world.scheduler.calls().size();

        assertEquals(RunStatus.FAILED, runs.runScheduled(retried.id(), "evt-9", tenMinutes()).run().status());
        assertEquals(RunStatus.FAILED, runs.runScheduled(retried.id(), "evt-9-retry-1", 1, tenMinutes()).run().status());
        assertEquals(RunStatus.FAILED, runs.runScheduled(retried.id(), "evt-9-retry-2", 2, tenMinutes()).run().status());
        runs.runScheduled(retried.id(), "evt-9", tenMinutes());

        assertEquals(List.of("retry " + job.id() + " evt-9-retry-1 attempt 1 at " + START.plusSeconds(120),
                        "retry " + job.id() + " evt-9-retry-2 attempt 2 at " + START.plusSeconds(240)),
                world.scheduler.calls().subList(before, world.scheduler.calls().size()),
                "two retries, the second after twice the delay; none after the last attempt or for a duplicate event");
    }

    @Test
    void aSucceededOrCancelledScheduledRunIsNotRetried() {
        world.services.jobs().update(BOB, job.id(), new JobService.JobRequest(
                null, null, null, null, null, null, new JobRetryPolicy(3, 60)));
        int before = world.scheduler.calls().size();
        assertEquals(RunStatus.SUCCEEDED, runs.runScheduled(job.id(), "evt-ok", tenMinutes()).run().status());
        assertEquals(before, world.scheduler.calls().size());
    }

    @Test
    void twoRunsOfOneJobNeverWriteAtOnce() {
        JobRepository repository = world.services.jobRepository();
        assertEquals(Optional.empty(),
                repository.takeRunSlot(job.id(), "run-elsewhere", START.plus(Duration.ofMinutes(5)), START));

        Run second = runNow();
        assertEquals(RunStatus.FAILED, second.status());
        assertEquals(RunError.of("job", "overlap", "Another run of job " + job.id() + " (run-elsewhere) is still running;"
                + " this run did not start, so that two runs never write to the target at once."), second.error());
        assertEquals(0, world.scripts.processCalls().size(), "its script never ran");

        repository.releaseRunSlot(job.id(), "run-elsewhere");
        assertEquals(RunStatus.SUCCEEDED, runNow().status());
        assertEquals(RunStatus.SUCCEEDED, runNow().status(), "each run gives the slot back");
    }

    @Test
    void theRunSlotOfARunWhoseContainerStoppedIsTakenOver() {
        world.services.jobRepository().takeRunSlot(job.id(), "run-crashed", START.minusSeconds(1), START.minusSeconds(600));
        assertEquals(RunStatus.SUCCEEDED, runNow().status());
    }
}
