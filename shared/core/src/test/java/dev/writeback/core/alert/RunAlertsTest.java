package dev.writeback.core.alert;

import static dev.writeback.core.testing.TestWorld.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.account.Account;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.json.Json;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A job's alert rules: each incident is told once when it opens and once when it recovers, and bad rules are 400s. */
class RunAlertsTest {
    private static final String HOOK = "https://hooks.example.com/services/T1/B2";
    private static final DataGrid.GridColumn NAME = new DataGrid.GridColumn("name", "STRING");

    private final List<String> posts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> mails = Collections.synchronizedList(new ArrayList<>());
    private boolean webhookDown;
    private final TestWorld world = new TestWorld(b -> b.alertWebhook((url, text) -> {
        if (webhookDown) {
            throw new IllegalStateException("the webhook answered 500");
        }
        posts.add(text);
    }).alertEmail((to, subject, text) -> mails.add(to + " " + subject)));
    private final ConnectorVersion connector;
    private final Account account;
    private final Job job;

    RunAlertsTest() {
        world.dataPlanes.dataset("ds-1", "Contacts", List.of(), List.of());
        connector = world.publishedApiKeyConnector();
        account = world.apiKeyAccount(BOB, connector.connectorId());
        job = world.job(BOB, connector, account, null);
    }

    private void alerts(AlertRule... rules) {
        world.services.jobs().update(BOB, job.id(), new JobRequest(null, null, null, null, null, null, null, null, null,
                null, List.of(rules), null));
    }

    private RunStatus run(int rowsWritten) {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(new DataGrid(List.of(NAME),
                IntStream.range(0, rowsWritten).mapToObj(n -> List.<Object>of("row " + n)).toList(), false)));
        return world.services.runs().runNow(BOB, job.id(), null).run().status();
    }

    private RunStatus fail() {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.RUNTIME,
                "the target said 401", "process.js", 4, 2, null), List.of()));
        return world.services.runs().runNow(BOB, job.id(), null).run().status();
    }

    private static String message(Executable call) {
        return assertThrows(InvalidInputException.class, call).getMessage();
    }

    @Test
    void aFailingJobIsToldOnceAndItsRecoveryOnce() {
        alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, HOOK, List.of("ops@example.com")));

        fail();
        fail();
        fail();
        assertEquals(1, posts.size(), "one alert for the incident, not one per failed run: " + posts);
        assertTrue(posts.getFirst().contains("a run failed") && posts.getFirst().contains("the target said 401"), posts.getFirst());
        assertEquals(List.of("[ops@example.com] [Writeback] Job Nightly: a run failed"), mails);

        run(3);
        run(3);
        assertEquals(2, posts.size(), posts.toString());
        assertTrue(posts.get(1).contains("recovered"), posts.get(1));
        assertEquals("[ops@example.com] [Writeback] Job Nightly recovered: a run failed", mails.get(1));
    }

    @Test
    void consecutiveFailuresFireOnTheNthFailedRunInARow() {
        alerts(new AlertRule(AlertKind.CONSECUTIVE_FAILURES, 3, null, HOOK, null));

        fail();
        fail();
        run(1);
        fail();
        fail();
        assertEquals(List.of(), posts, "never three in a row yet");
        fail();
        fail();
        assertEquals(1, posts.size());
        assertTrue(posts.getFirst().contains("3 consecutive failed runs"), posts.getFirst());
        run(1);
        assertEquals(2, posts.size());
        assertTrue(posts.get(1).contains("recovered"), posts.get(1));
    }

    @Test
    void zeroRowsFiresOnASuccessfulRunThatWroteNothing() {
        alerts(new AlertRule(AlertKind.ZERO_ROWS, null, null, HOOK, null));

        run(5);
        fail();
        assertEquals(List.of(), posts, "a failed run is not a run that wrote zero rows");
        run(0);
        run(0);
        assertEquals(1, posts.size());
        assertTrue(posts.getFirst().contains("a run wrote no rows"), posts.getFirst());
        run(2);
        assertEquals(2, posts.size());
    }

    @Test
    void rowsDeviatingFromTheMedianOfTheLastSuccessfulRunsFireAndRecover() {
        alerts(new AlertRule(AlertKind.ROWS_DEVIATION, null, 50, HOOK, null));

        run(10);
        run(12);
        run(8);
        run(14);
        assertEquals(List.of(), posts, "within 50 % of the median so far");
        run(30);
        assertEquals(1, posts.size());
        assertTrue(posts.getFirst().contains("rows written deviate more than 50 %") && posts.getFirst().contains("30 rows written")
                && posts.getFirst().contains("median 11"), posts.getFirst());
        run(40);
        assertEquals(1, posts.size(), "still the same incident");
        run(12);
        assertEquals(2, posts.size());
    }

    @Test
    void aWebhookThatFailsDoesNotFailTheRunAndTheIncidentIsNotToldAgain() {
        alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, HOOK, null));
        webhookDown = true;

        assertEquals(RunStatus.FAILED, fail());
        webhookDown = false;
        assertEquals(RunStatus.FAILED, fail());

        assertEquals(List.of(), posts, "the incident was opened by the first run; its alert was lost, not repeated per run");
        assertEquals(RunStatus.SUCCEEDED, run(1));
        assertEquals(1, posts.size());
    }

    @Test
    void badRulesAreRefusedNamingTheField() {
        assertEquals("alerts[0].failures must be between 1 and 100 for CONSECUTIVE_FAILURES, not 0.",
                message(() -> alerts(new AlertRule(AlertKind.CONSECUTIVE_FAILURES, 0, null, HOOK, null))));
        assertEquals("alerts[1].percent must be between 1 and 1000 for ROWS_DEVIATION, not 1001.",
                message(() -> alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, HOOK, null),
                        new AlertRule(AlertKind.ROWS_DEVIATION, null, 1001, HOOK, null))));
        assertEquals("alerts[0].percent must be between 1 and 1000 for ROWS_DEVIATION, not 0.",
                message(() -> alerts(new AlertRule(AlertKind.ROWS_DEVIATION, null, 0, HOOK, null))));
        assertEquals("alerts[0].webhook must be an absolute https URL; got 'http://hooks.example.com/x'.",
                message(() -> alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, "http://hooks.example.com/x", null))));
        assertTrue(message(() -> alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, "https://169.254.169.254/latest", null)))
                .startsWith("alerts[0].webhook points to 169.254.169.254"));
        assertTrue(message(() -> alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, "https://10.0.0.8/hook", null)))
                .startsWith("alerts[0].webhook points to 10.0.0.8"));
        assertEquals("alerts[0] needs a channel: webhook (an https URL), email (addresses), or both.",
                message(() -> alerts(new AlertRule(AlertKind.ZERO_ROWS, null, null, null, null))));
        assertEquals("alerts[0].email[0] must be an email address, not 'ops'.",
                message(() -> alerts(new AlertRule(AlertKind.ZERO_ROWS, null, null, null, List.of("ops")))));
        assertTrue(message(() -> Json.readRequest("{\"alerts\":[{\"kind\":\"SOMETIMES\",\"webhook\":\"" + HOOK + "\"}]}",
                JobRequest.class)).contains("alerts[0].kind"));
        assertEquals(List.of(), world.services.jobs().get(BOB, job.id()).alerts(), "nothing refused was kept");
    }

    @Test
    void emailIsRefusedWhereNoSenderIsConfigured() {
        TestWorld noEmail = new TestWorld(b -> b);
        ConnectorVersion c = noEmail.publishedApiKeyConnector();
        Account a = noEmail.apiKeyAccount(BOB, c.connectorId());
        Job j = noEmail.job(BOB, c, a, null);

        String message = message(() -> noEmail.services.jobs().update(BOB, j.id(), new JobRequest(null, null, null, null,
                null, null, null, null, null, null, List.of(new AlertRule(AlertKind.RUN_FAILED, null, null, null,
                        List.of("ops@example.com"))), null)));

        assertTrue(message.startsWith("alerts[0].email cannot be used: this deployment has no email sender"), message);
    }

    @Test
    void rulesStayWhenAnUpdateLeavesThemOutAndGoWithAnEmptyListOrTheJob() {
        alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, HOOK, null));
        fail();
        world.services.jobs().update(BOB, job.id(), new JobRequest(null, null, "Renamed", null, null, null, null));
        assertEquals(List.of(AlertKind.RUN_FAILED), world.services.jobs().get(BOB, job.id()).alerts().stream()
                .map(AlertRule::kind).toList());
        assertTrue(new AlertIncidents(world.table).read(job.id()).incident("RUN_FAILED").open());

        alerts();
        assertEquals(List.of(), world.services.jobs().get(BOB, job.id()).alerts());
        fail();
        assertEquals(1, posts.size(), "a job without rules tells nobody");
        alerts(new AlertRule(AlertKind.RUN_FAILED, null, null, HOOK, null));
        fail();
        assertEquals(2, posts.size(), "a rule added again starts without the incident it had before it was removed");

        world.services.jobs().delete(BOB, job.id());
        assertEquals(0, new AlertIncidents(world.table).read(job.id()).revision(), "the job's incidents went with it");
    }
}
