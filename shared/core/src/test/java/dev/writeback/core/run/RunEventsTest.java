package dev.writeback.core.run;

import static dev.writeback.core.testing.TestWorld.BOB;
import static dev.writeback.core.testing.TestWorld.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.job.Job;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import dev.writeback.core.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every recorded status change of a run is published once, whoever recorded it, and a failing publisher changes nothing. */
class RunEventsTest {
    private static final DataGrid.GridColumn NAME = new DataGrid.GridColumn("name", "STRING");

    private final List<RunEvent> published = new ArrayList<>();
    private final List<String> notPublished = new ArrayList<>();
    private boolean busDown;
    private boolean launchesLost;
    private final TestWorld world = new TestWorld(b -> b.runLauncher(services -> run -> {
        if (!launchesLost) {
            services.runs().execute(run.id(), Deadline.after(Duration.ofMinutes(10), services.clock()));
        }
    }).runEvents(event -> {
        if (busDown) {
            throw new IllegalStateException("the event bus is unreachable");
        }
        published.add(event);
    }).runObserver(new RunObserver() {
        @Override
        public void eventNotPublished(Run run, String publisher) {
            notPublished.add(run.id() + " " + run.status());
        }
    }));
    private final RunService runs = world.services.runs();
    private final Job job;

    RunEventsTest() {
        world.dataPlanes.dataset("ds-1", "Contacts", List.of(), List.of());
        ConnectorVersion connector = world.publishedApiKeyConnector();
        Account account = world.apiKeyAccount(BOB, connector.connectorId());
        job = world.job(BOB, connector, account, null);
    }

    private List<String> types() {
        return published.stream().map(e -> e.detailType() + " " + e.detail().runId()).toList();
    }

    @Test
    void aRunThatSucceedsIsPublishedQueuedStartedAndSucceededWithItsSummary() {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(new DataGrid(List.of(NAME),
                List.of(List.of("Ann"), List.of("Bob")), false)));

        Run run = runs.runNow(BOB, job.id(), null).run();

        assertEquals(List.of("Run Queued " + run.id(), "Run Started " + run.id(), "Run Succeeded " + run.id()), types());
        RunSummary detail = published.getLast().detail();
        assertEquals(RunStatus.SUCCEEDED, detail.status());
        assertEquals(2, detail.rowsWritten());
        assertEquals(job.id(), detail.jobId());
        assertEquals("acme", detail.companyId());
        assertNull(detail.error());
        String json = Json.write(detail);
        assertEquals(false, json.contains("Ann"), "no output rows in an event: " + json);
        assertEquals(false, json.contains("logKey"), json);
    }

    @Test
    void failuresTimeoutsCancelsAndLostRunsArePublishedAsTheirStatus() {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.RUNTIME, "boom",
                "process.js", 3, 7, null), List.of()));
        Run failed = runs.runNow(BOB, job.id(), null).run();
        assertEquals("Run Failed " + failed.id(), types().getLast());
        assertEquals("boom", published.getLast().detail().error().message());
        assertEquals(3, published.getLast().detail().error().line());

        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.DEADLINE, "out of time",
                "process.js", 1, 1, null), List.of()));
        Run timedOut = runs.runNow(BOB, job.id(), null).run();
        assertEquals("Run Timed Out " + timedOut.id(), types().getLast());

        launchesLost = true;
        Run queued = runs.runNow(BOB, job.id(), null).run();
        published.clear();
        runs.cancel(BOB, queued.id());
        assertEquals(List.of("Run Cancelled " + queued.id()), types());

        published.clear();
        world.clock.set(START.plus(RunService.QUEUE_LIMIT).plus(Duration.ofMinutes(1)));
        Run neverStarted = runs.runNow(BOB, job.id(), null).run();
        world.clock.advance(RunService.QUEUE_LIMIT.plusSeconds(1));
        runs.sweep();
        assertEquals(List.of("Run Queued " + neverStarted.id(), "Run Failed " + neverStarted.id()), types());
        assertEquals("never-started", published.getLast().detail().error().kind());
    }

    @Test
    void aPublisherThatFailsNeitherFailsNorStopsTheRunAndIsCounted() {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(DataGrid.empty()));
        busDown = true;

        Run run = runs.runNow(BOB, job.id(), null).run();

        assertEquals(RunStatus.SUCCEEDED, runs.get(BOB, run.id()).status());
        assertEquals(List.of(run.id() + " QUEUED", run.id() + " RUNNING", run.id() + " SUCCEEDED"), notPublished);
        assertEquals(List.of(), published);
    }

    @Test
    void aDuplicateRequestPublishesNothingMore() {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(DataGrid.empty()));
        Run first = runs.runNow(BOB, job.id(), "key-1").run();
        int before = published.size();

        assertEquals(first.id(), runs.runNow(BOB, job.id(), "key-1").run().id());

        assertEquals(before, published.size());
        assertThrows(RuntimeException.class, () -> runs.cancel(BOB, first.id()), "a finished run cannot be cancelled");
        assertEquals(before, published.size());
    }
}
