package dev.writeback.net;

import static dev.writeback.core.testing.TestWorld.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.account.Account;
import dev.writeback.core.alert.AlertKind;
import dev.writeback.core.alert.AlertRule;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.testing.FakeScriptRunner;
import dev.writeback.core.testing.TestWorld;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts and run events posted to a webhook receiver on loopback (named as an allowed local target, as the embedded
 * default's {@code --allow-target} does), which counts what each of its paths got.
 */
class WebhooksIT {
    private static final DataGrid.GridColumn NAME = new DataGrid.GridColumn("name", "STRING");
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private volatile int status = 200;
    private final LoopbackServer receiver;
    private final Webhooks webhooks;

    WebhooksIT() throws IOException {
        receiver = LoopbackServer.start(exchange -> {
            received.add(exchange.getRequestURI().getPath() + " " + LoopbackServer.text(exchange));
            LoopbackServer.reply(exchange, status);
        });
        webhooks = Webhooks.create(AddressGuard.publicInternetOnly().allowing(Set.of(receiver.hostPort())));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private String hook(String path) {
        return receiver.baseUri().resolve(path).toString();
    }

    private List<String> textsAt(String path) {
        return received.stream().filter(r -> r.startsWith(path + " "))
                .map(r -> Json.read(r.substring(path.length() + 1), JsonNode.class).path("text").asText()).toList();
    }

    @Test
    void everyRuleFiresOnceAndRecoversOnce() {
        TestWorld world = new TestWorld(b -> b.alertWebhook(webhooks).addressGuard(webhooks.guard()));
        world.dataPlanes.dataset("ds-1", "Contacts", List.of(), List.of());
        ConnectorVersion connector = world.publishedApiKeyConnector();
        Account account = world.apiKeyAccount(BOB, connector.connectorId());
        Job job = world.job(BOB, connector, account, null);
        world.services.jobs().update(BOB, job.id(), new JobRequest(null, null, null, null, null, null, null, null, null, null,
                List.of(new AlertRule(AlertKind.RUN_FAILED, null, null, hook("/failed"), null),
                        new AlertRule(AlertKind.CONSECUTIVE_FAILURES, 2, null, hook("/consecutive"), null),
                        new AlertRule(AlertKind.ZERO_ROWS, null, null, hook("/zero"), null),
                        new AlertRule(AlertKind.ROWS_DEVIATION, null, 50, hook("/deviation"), null)), null));

        for (int rows : new int[] {10, 10, 10, 0, 0, 10, 35, 10}) {
            succeed(world, job, rows);
        }
        fail(world, job);
        fail(world, job);
        fail(world, job);
        succeed(world, job, 10);

        assertEquals(2, textsAt("/failed").size(), received.toString());
        assertEquals(2, textsAt("/consecutive").size(), received.toString());
        assertEquals(2, textsAt("/zero").size(), received.toString());
        assertEquals(List.of(false, true, false, true), textsAt("/deviation").stream().map(t -> t.contains("recovered")).toList(),
                "0 rows against a median of 10 opens, 10 recovers, 35 opens, 10 recovers: " + textsAt("/deviation"));
        assertTrue(textsAt("/consecutive").getFirst().startsWith("Writeback alert: job \"Nightly\" (" + job.id()
                + "): 2 consecutive failed runs."), textsAt("/consecutive").getFirst());
        assertTrue(textsAt("/consecutive").get(1).startsWith("Writeback: job \"Nightly\" (" + job.id() + ") recovered"));
    }

    private static void succeed(TestWorld world, Job job, int rows) {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(new DataGrid(List.of(NAME),
                IntStream.range(0, rows).mapToObj(n -> List.<Object>of("row " + n)).toList(), false)));
        assertEquals(RunStatus.SUCCEEDED, world.services.runs().runNow(BOB, job.id(), null).run().status());
    }

    private static void fail(TestWorld world, Job job) {
        world.scripts.onProcess((s, i) -> FakeScriptRunner.failed(new ScriptError(ScriptError.Kind.RUNTIME, "the target said 401",
                "process.js", 4, 2, null), List.of()));
        assertEquals(RunStatus.FAILED, world.services.runs().runNow(BOB, job.id(), null).run().status());
    }

    @Test
    void runEventsArePostedAsEventBridgeDeliversThem() {
        TestWorld world = new TestWorld(b -> b.runEvents(webhooks.forRunEvents(List.of(hook("/events")), Clock.systemUTC())));
        world.dataPlanes.dataset("ds-1", "Contacts", List.of(), List.of());
        ConnectorVersion connector = world.publishedApiKeyConnector();
        Job job = world.job(BOB, connector, world.apiKeyAccount(BOB, connector.connectorId()), null);
        world.scripts.onProcess((s, i) -> FakeScriptRunner.succeeded(DataGrid.empty()));

        Run run = world.services.runs().runNow(BOB, job.id(), null).run();

        List<JsonNode> events = received.stream().map(r -> Json.read(r.substring("/events ".length()), JsonNode.class)).toList();
        assertEquals(List.of("Run Queued", "Run Started", "Run Succeeded"), events.stream().map(e -> e.path("detail-type").asText()).toList());
        assertTrue(events.stream().allMatch(e -> e.path("source").asText().equals("writeback")
                && e.path("detail").path("runId").asText().equals(run.id())));
    }

    @Test
    void aWebhookThatAnswersAnErrorOrIsNotAllowedIsAnException() {
        status = 500;
        assertEquals("The webhook 127.0.0.1 answered 500.",
                assertThrows(IllegalStateException.class, () -> webhooks.post(hook("/down"), "hello")).getMessage());

        Webhooks strict = Webhooks.create(AddressGuard.publicInternetOnly());
        String refused = assertThrows(IllegalStateException.class, () -> strict.post(hook("/x"), "hello")).getMessage();
        assertTrue(refused.startsWith("The webhook 127.0.0.1 was not called:"), refused);
        assertEquals(1, received.size(), "the refused post never left: " + received);
    }
}
