package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import dev.writeback.local.client.ApiCallException;
import dev.writeback.local.client.WritebackClient;
import dev.writeback.local.filedrop.FileDropServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector author's local copy of a target API on the embedded default: {@code --allow-target} and
 * {@code WRITEBACK_ALLOW_TARGETS} let scripts reach it over http while every other loopback port stays refused, and a
 * home's File Drop keeps its port, so {@code invoke executor} runs a job {@code demo} made.
 */
class LocalTargetsIT {
    private static final String KEY = "fd_local_target_key";

    @TempDir
    Path dir;
    private FileDropServer allowed;
    private FileDropServer other;

    @BeforeEach
    void startTargets() throws IOException {
        allowed = FileDropServer.start(dir.resolve("allowed"), KEY, 0);
        other = FileDropServer.start(dir.resolve("other"), KEY, 0);
    }

    @AfterEach
    void stopTargets() {
        allowed.close();
        other.close();
    }

    @Test
    void aScriptReachesTheAllowedLocalTargetWhileAnotherLoopbackPortIsStillRefused() throws IOException {
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Settings(dir.resolve("home"),
                Path.of("samples/datasets"), 0, 0, 0, Set.of("127.0.0.1:" + allowed.port())))) {
            WritebackClient user = user(platform);
            String connectorId = publishedSampleConnector(platform, user);

            String jobId = job(user, connectorId, account(user, connectorId, allowed));
            JsonNode run = user.awaitRun(user.post("/jobs/" + jobId + "/runs", null).path("id").asText(), Duration.ofMinutes(2));
            assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
            assertEquals(17, Files.readAllLines(allowed.file("opened-emails.csv")).size());

            ApiCallException refused = assertThrows(ApiCallException.class, () -> account(user, connectorId, other));
            assertTrue(refused.getMessage().contains("127.0.0.1:" + other.port()), refused.getMessage());
            assertTrue(refused.getMessage().contains("URLs must use https"), refused.getMessage());
            assertEquals(422, refused.status(), refused.getMessage());
            assertEquals(List.of(), other.files());
        }
    }

    @Test
    void theEnvironmentVariableLetsInvokeReachTheTargetAndWithoutItTheRunIsRefused() throws IOException {
        Path home = dir.resolve("home");
        String jobId;
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Settings(home, Path.of("samples/datasets"), 0, 0, 0,
                Set.of("127.0.0.1:" + allowed.port())))) {
            WritebackClient user = user(platform);
            String connectorId = publishedSampleConnector(platform, user);
            jobId = job(user, connectorId, account(user, connectorId, allowed));
        }
        JsonNode refused = invokeExecutor(home, scheduleEvent(jobId, "2026-11-29T06:00:00Z"), Map.of());
        assertEquals("FAILED", refused.path("status").asText(), refused.toString());
        assertTrue(refused.path("error").asText().contains("URLs must use https"), refused.toString());
        assertFalse(Files.exists(allowed.file("opened-emails.csv")));

        JsonNode run = invokeExecutor(home, scheduleEvent(jobId, "2026-11-29T07:00:00Z"), Map.of(AllowedTargets.ENV, "localhost:1, 127.0.0.1:" + allowed.port()));
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(17, Files.readAllLines(allowed.file("opened-emails.csv")).size());
    }

    @Test
    void invokeExecutorRunsTheJobTheDemoMadeOnTheSameHome() throws IOException {
        Path home = dir.resolve("demo-home");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new WritebackCli(new PrintStream(printed, true, StandardCharsets.UTF_8), Map.of())
                .run(new String[] {"demo", "--home", home.toString()});
        String demo = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, demo);
        Matcher job = Pattern.compile("created job (\\S+) ").matcher(demo);
        assertTrue(job.find(), demo);
        Files.delete(home.resolve("file-drop/opened-emails.csv"));

        JsonNode run = invokeExecutor(home, scheduleEvent(job.group(1), "2026-11-29T06:00:00Z"), Map.of());
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(job.group(1), run.path("jobId").asText());
        assertEquals(17, Files.readAllLines(home.resolve("file-drop/opened-emails.csv")).size());
    }

    @Test
    void aSecondProcessOnTheSameHomeIsToldTheKeptFileDropPortIsTaken() throws IOException {
        Path home = dir.resolve("busy-home");
        try (LocalPlatform first = LocalPlatform.start(new LocalPlatform.Settings(home, Path.of("samples/datasets"), 0, 0, 0))) {
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int exit = new WritebackCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(errors, true, StandardCharsets.UTF_8), Map.of()).run(new String[] {"demo", "--home", home.toString()});
            assertEquals(1, exit);
            String expected = "error: File Drop cannot listen on 127.0.0.1:" + first.fileDrop().port() + ", the port this home keeps in "
                    + home.toAbsolutePath().resolve("local-credentials.json") + ": it is in use. Stop the other process using it"
                    + " (another serve or demo on this home?), or delete \"fileDropPort\" from that file to give this home a new"
                    + " port; accounts made earlier then need their base URL changed.";
            String printed = errors.toString(StandardCharsets.UTF_8);
            assertTrue(printed.lines().anyMatch(expected::equals), printed);
        }
    }

    private JsonNode invokeExecutor(Path home, Path event, Map<String, String> environment) throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new WritebackCli(new PrintStream(printed, true, StandardCharsets.UTF_8), environment)
                .run(new String[] {"invoke", "executor", "--event", event.toString(), "--home", home.toString()});
        String answer = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, answer);
        return Json.MAPPER.readTree(answer);
    }

    /** The sample schedule event of {@code events/}, naming {@code jobId}, for the time given (one run per time). */
    private Path scheduleEvent(String jobId, String scheduledTime) throws IOException {
        Path event = Files.createTempFile(dir, "schedule-", ".json");
        Files.writeString(event, Files.readString(Path.of("events/executor-scheduler-event.json"))
                .replace("job-000000000000000000000000", jobId).replace("2026-11-29T06:00:00Z", scheduledTime));
        return event;
    }

    private static WritebackClient user(LocalPlatform platform) {
        return new WritebackClient(platform.api().baseUri(), "acme", "uma", "");
    }

    private static String publishedSampleConnector(LocalPlatform platform, WritebackClient user) {
        return TestConnectors.publish(Path.of("samples/connectors/file-drop"), platform, user);
    }

    private static String account(WritebackClient user, String connectorId, FileDropServer store) {
        return user.post("/accounts", Map.of("connectorId", connectorId, "name", "Local copy", "fields",
                Map.of("baseUrl", store.baseUri().toString(), "apiKey", KEY))).path("id").asText();
    }

    private static String job(WritebackClient user, String connectorId, String accountId) {
        return user.post("/jobs", Map.of("connectorId", connectorId, "accountId", accountId, "name", "To the local copy",
                "report", "Opened emails", "parameters", Map.of("datasetId", WritebackCli.SAMPLE_DATASET,
                        "fileName", "opened-emails"))).path("id").asText();
    }
}
