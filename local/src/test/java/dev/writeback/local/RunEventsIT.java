package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.local.client.ApiCallException;
import dev.writeback.local.client.WritebackClient;
import dev.writeback.local.events.FileOutbox;
import dev.writeback.local.events.LocalRunEvents;
import dev.writeback.local.filedrop.FileDropServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run events and alerts on the embedded default, through its HTTP API as a user would: every status change is a line
 * of the home's {@code events/run-events.jsonl} and a post to the event webhook; a job's alert rule tells its webhook
 * (a loopback receiver allowed with {@code --allow-target}) and the file outbox once when its store goes down and once
 * when it is back.
 */
class RunEventsIT {
    private static final String KEY = "fd_run_events_key";

    @TempDir
    Path dir;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private LoopbackServer receiver;
    private FileDropServer store;

    @BeforeEach
    void start() throws IOException {
        receiver = LoopbackServer.start(exchange -> {
            received.add(exchange.getRequestURI().getPath() + " " + LoopbackServer.text(exchange));
            LoopbackServer.reply(exchange, 204);
        });
        store = FileDropServer.start(dir.resolve("store"), KEY, 0);
    }

    @AfterEach
    void stop() {
        receiver.close();
        store.close();
    }

    private List<JsonNode> at(String path) {
        return received.stream().filter(r -> r.startsWith(path + " "))
                .map(r -> Json.read(r.substring(path.length() + 1), JsonNode.class)).toList();
    }

    @Test
    void everyStatusChangeIsPublishedAndTheAlertFiresOnceAndRecoversOnce() throws IOException {
        Path home = dir.resolve("home");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Settings(home, Path.of("samples/datasets"), 0, 0, 0,
                Set.of(receiver.hostPort(), "127.0.0.1:" + store.port()), List.of(receiver.baseUri() + "/events")))) {
            WritebackClient user = new WritebackClient(platform.api().baseUri(), "acme", "uma", "");
            String connectorId = publishedSampleConnector(platform, user);
            String accountId = user.post("/accounts", Map.of("connectorId", connectorId, "name", "Store", "fields",
                    Map.of("baseUrl", store.baseUri().toString(), "apiKey", KEY))).path("id").asText();
            JsonNode job = user.post("/jobs", Map.of("connectorId", connectorId, "accountId", accountId, "name", "Nightly",
                    "report", "Opened emails", "parameters", Map.of("datasetId", WritebackCli.SAMPLE_DATASET,
                            "fileName", "opened-emails"),
                    "alerts", List.of(Map.of("kind", "RUN_FAILED", "webhook", receiver.baseUri() + "/alerts",
                            "email", List.of("ops@example.com")))));
            String jobId = job.path("id").asText();
            assertEquals("RUN_FAILED", job.path("alerts").get(0).path("kind").asText(), job.toString());
            // a webhook URL is a credential and the company reads the job: only its host is shown, on every read
            for (JsonNode read : List.of(job, user.get("/jobs/" + jobId), user.as("vic", "").get("/jobs/" + jobId))) {
                assertEquals("127.0.0.1", read.path("alerts").get(0).path("webhookHost").asText(), read.toString());
                assertFalse(read.toString().contains(receiver.baseUri() + "/alerts"), read.toString());
            }

            String first = run(user, jobId, "SUCCEEDED");
            int port = store.port();
            store.close();
            String failed = run(user, jobId, "FAILED");
            run(user, jobId, "FAILED");
            store = FileDropServer.start(dir.resolve("store"), KEY, port);
            String recovered = run(user, jobId, "SUCCEEDED");
            // a run's record is readable as ended a moment before its event and alerts have gone out
            awaitUntil(() -> lines(home).size() == 12 && at("/alerts").size() == 2);

            List<JsonNode> lines = lines(home);
            assertEquals(List.of("Run Queued", "Run Started", "Run Succeeded"), lines.stream()
                    .filter(e -> e.path("detail").path("runId").asText().equals(first))
                    .map(e -> e.path("detail-type").asText()).toList());
            assertEquals(12, lines.size(), "four runs, three changes each");
            assertTrue(lines.stream().allMatch(e -> e.path("source").asText().equals("writeback")));
            JsonNode failure = lines.stream().filter(e -> e.path("detail-type").asText().equals("Run Failed")).findFirst().orElseThrow();
            assertEquals(failed, failure.path("detail").path("runId").asText());
            assertEquals(jobId, failure.path("detail").path("jobId").asText());
            assertTrue(failure.path("detail").path("error").path("message").asText().length() > 0, failure.toString());
            assertEquals(lines.stream().map(e -> e.path("detail")).toList(), at("/events").stream().map(e -> e.path("detail")).toList(),
                    "the event webhook got what the file got");

            List<String> alerts = at("/alerts").stream().map(a -> a.path("text").asText()).toList();
            assertEquals(2, alerts.size(), "one alert for two failed runs, one recovery: " + alerts);
            assertTrue(alerts.get(0).startsWith("Writeback alert: job \"Nightly\" (" + jobId + "): a run failed. Last run " + failed),
                    alerts.get(0));
            assertTrue(alerts.get(1).contains("recovered") && alerts.get(1).contains(recovered), alerts.get(1));
            List<JsonNode> mails = Files.readAllLines(FileOutbox.file(home)).stream().map(l -> Json.read(l, JsonNode.class)).toList();
            assertEquals(List.of("[Writeback] Job Nightly: a run failed", "[Writeback] Job Nightly recovered: a run failed"),
                    mails.stream().map(m -> m.path("subject").asText()).toList());
            assertEquals("ops@example.com", mails.get(0).path("to").get(0).asText());
        }
    }

    @Test
    void badAlertRulesAre400sNamingTheField() throws IOException {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Settings(dir.resolve("home"),
                Path.of("samples/datasets"), 0, 0, 0, Set.of(receiver.hostPort(), "127.0.0.1:" + store.port())))) {
            WritebackClient user = new WritebackClient(platform.api().baseUri(), "acme", "uma", "");
            String connectorId = publishedSampleConnector(platform, user);
            String accountId = user.post("/accounts", Map.of("connectorId", connectorId, "name", "Store", "fields",
                    Map.of("baseUrl", store.baseUri().toString(), "apiKey", KEY))).path("id").asText();
            Map<String, Object> job = Map.of("connectorId", connectorId, "accountId", accountId, "report", "Opened emails",
                    "parameters", Map.of("datasetId", WritebackCli.SAMPLE_DATASET, "fileName", "x"));

            assertRefused(user, job, Map.of("kind", "SOMETIMES", "webhook", "https://hooks.example.com/x"), "alerts[0].kind");
            assertRefused(user, job, Map.of("kind", "CONSECUTIVE_FAILURES", "failures", 0, "webhook", "https://hooks.example.com/x"),
                    "alerts[0].failures must be between 1 and 100");
            assertRefused(user, job, Map.of("kind", "ROWS_DEVIATION", "percent", 1001, "webhook", "https://hooks.example.com/x"),
                    "alerts[0].percent must be between 1 and 1000");
            assertRefused(user, job, Map.of("kind", "RUN_FAILED", "webhook", "http://hooks.example.com/x"),
                    "alerts[0].webhook must be an absolute https URL");
            assertRefused(user, job, Map.of("kind", "RUN_FAILED", "webhook", "https://127.0.0.1:1/x"),
                    "alerts[0].webhook points to 127.0.0.1");
        }
    }

    private static void assertRefused(WritebackClient user, Map<String, Object> job, Map<String, Object> rule, String expected) {
        Map<String, Object> body = new LinkedHashMap<>(job);
        body.put("alerts", List.of(rule));
        ApiCallException refused = assertThrows(ApiCallException.class, () -> user.post("/jobs", body));
        assertEquals(400, refused.status(), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    private static List<JsonNode> lines(Path home) {
        try {
            Path file = LocalRunEvents.file(home);
            return Files.exists(file) ? Files.readAllLines(file).stream().map(l -> Json.read(l, JsonNode.class)).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code done}, for at most a minute (a loaded machine), then carries on to the assertions. */
    private static void awaitUntil(BooleanSupplier done) {
        long giveUp = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < giveUp) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String run(WritebackClient user, String jobId, String expected) {
        JsonNode run = user.awaitRun(user.post("/jobs/" + jobId + "/runs", null).path("id").asText(), Duration.ofMinutes(2));
        assertEquals(expected, run.path("status").asText(), run.toString());
        return run.path("id").asText();
    }

    private static String publishedSampleConnector(LocalPlatform platform, WritebackClient user) {
        return TestConnectors.publish(Path.of("samples/connectors/file-drop"), platform, user);
    }
}
