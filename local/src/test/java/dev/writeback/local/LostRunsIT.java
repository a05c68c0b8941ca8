package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import dev.writeback.local.client.ConnectorFolder;
import dev.writeback.local.client.WritebackClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs left behind by a killed process: the embedded default runs in a child JVM ({@code serve}), a long run is
 * started, the child is killed ({@code kill -9}), and a new child on the same home ends the run it finds.
 */
class LostRunsIT {
    /** A short lease, so that the test does not wait a minute for it; the heartbeat renews it every 2 s. */
    private static final int LEASE_SECONDS = 6;
    private static final Duration HANG_BOUND = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private int apiPort;
    private int domoPort;
    private int fileDropPort;

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunOfAKilledProcessIsEndedLostAfterARestartOnTheSameHomeAndItsJobRunsAgain() throws Exception {
        apiPort = freePort();
        domoPort = freePort();
        fileDropPort = freePort();
        Path home = dir.resolve("home");

        Process first = start(home, 5, "first");
        WritebackClient user = new WritebackClient(URI.create("http://127.0.0.1:" + apiPort), "acme", "uma", "");
        String connectorId = sleepingConnector(home, user);
        JsonNode account = user.post("/accounts", Map.of("connectorId", connectorId, "name", "File Drop",
                "fields", Map.of("baseUrl", "http://127.0.0.1:" + fileDropPort, "apiKey", credential(home, "fileDropApiKey"))));
        String jobA = job(user, connectorId, account.path("id").asText(), "Lost");
        String jobB = job(user, connectorId, account.path("id").asText(), "Cancelled");
        String runA = user.post("/jobs/" + jobA + "/runs", null).path("id").asText();
        String runB = user.post("/jobs/" + jobB + "/runs", null).path("id").asText();
        await(user, runA, r -> "RUNNING".equals(r.path("status").asText()), "RUNNING");
        await(user, runB, r -> "RUNNING".equals(r.path("status").asText()), "RUNNING");

        first.destroyForcibly(); // kill -9: nothing is recorded, nothing is given back
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        Instant killed = Instant.now(); // no lease was renewed after this

        // a restart on the same home without the sweep: the lease lapses unrenewed, and a cancel ends the run at once
        Process second = start(home, 0, "second");
        while (Instant.now().isBefore(killed.plusSeconds(LEASE_SECONDS + 1))) {
            Thread.sleep(200);
        }
        assertEquals("RUNNING", user.get("/runs/" + runA).path("status").asText(), "reading a run ends nothing");
        JsonNode cancelled = user.post("/runs/" + runB + "/cancel", null);
        assertEquals("CANCELLED", cancelled.path("status").asText(), cancelled.toString());
        assertEquals("lost", cancelled.path("error").path("stage").asText(), cancelled.toString());
        second.destroyForcibly();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));

        // a restart with the sweep (once at start, then every 2 s): the other run is ended lost without anyone asking
        start(home, 2, "third");
        JsonNode lost = await(user, runA, r -> !"RUNNING".equals(r.path("status").asText()), "ended");
        assertEquals("FAILED", lost.path("status").asText(), lost.toString());
        assertEquals("lost", lost.path("error").path("stage").asText(), lost.toString());
        assertTrue(lost.path("error").path("message").asText().startsWith("The executor stopped during the run"),
                lost.toString());

        // the job runs again: no overlap with the lost run
        user.patch("/jobs/" + jobA, Map.of("parameters", Map.of("datasetId", WritebackCli.SAMPLE_DATASET, "sleepMs", "0")));
        String next = user.post("/jobs/" + jobA + "/runs", null).path("id").asText();
        JsonNode done = user.awaitRun(next, HANG_BOUND);
        assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
    }

    /** Starts the embedded default ({@code serve}) in a child JVM on the fixed ports and waits for its API. */
    private Process start(Path home, int sweepSeconds, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve(name + ".log");
        // C1 only, as the test JVMs: a short life in which C2 would cost more CPU than it saves
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Dwriteback.runLeaseSeconds=" + LEASE_SECONDS,
                "-Dwriteback.sweepSeconds=" + sweepSeconds, "-cp", System.getProperty("java.class.path"),
                WritebackCli.class.getName(), "serve", "--home", home.toString(), "--datasets", "samples/datasets",
                "--port", Integer.toString(apiPort), "--domo-port", Integer.toString(domoPort),
                "--file-drop-port", Integer.toString(fileDropPort))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(child);
        long end = System.nanoTime() + HANG_BOUND.toNanos();
        while (!Files.exists(log) || !Files.readString(log).contains("Writeback HTTP API on")) {
            if (!child.isAlive() || System.nanoTime() > end) {
                throw new AssertionError(name + " did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return child;
    }

    /** The sample connector with a processing script that sleeps for the job's {@code sleepMs}, pushed and published. */
    private String sleepingConnector(Path home, WritebackClient user) throws IOException {
        Path folder = dir.resolve("sleeper");
        Files.createDirectories(folder);
        Path sample = Path.of("samples/connectors/file-drop");
        try (Stream<Path> files = Files.list(sample)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        String descriptor = Files.readString(folder.resolve("connector.json")).replace("\"parameters\": [",
                "\"parameters\": [\n    { \"name\": \"sleepMs\", \"type\": \"STRING\", \"required\": false },");
        Files.writeString(folder.resolve("connector.json"), descriptor);
        Files.writeString(folder.resolve("process.js"), """
                var ms = Number(metadata.parameters.sleepMs || '0');
                DOMO.log('sleeping ' + ms + ' ms');
                if (ms > 0) { DOMO.sleep(ms); }
                DOMO.log('awake');
                """);
        WritebackClient author = user.as("alice", "author");
        author.acceptUserAgreement();
        String id = ConnectorFolder.read(folder).push(author, credential(home, "domoClientId"),
                credential(home, "domoClientSecret"), null);
        author.post("/connectors/" + id + "/submit", Map.of("visibility", "PRIVATE"));
        author.as("rita", "reviewer").post("/connectors/" + id + "/approve", null);
        return id;
    }

    private static String job(WritebackClient user, String connectorId, String accountId, String name) {
        return user.post("/jobs", Map.of("connectorId", connectorId, "accountId", accountId, "name", name,
                "report", "All events", "parameters", Map.of("datasetId", WritebackCli.SAMPLE_DATASET,
                        "sleepMs", "600000"))).path("id").asText();
    }

    private static String credential(Path home, String key) throws IOException {
        return Json.MAPPER.readTree(Files.readString(home.resolve("local-credentials.json"), StandardCharsets.UTF_8))
                .path(key).asText();
    }

    private static JsonNode await(WritebackClient user, String runId, Predicate<JsonNode> until, String what)
            throws InterruptedException {
        long end = System.nanoTime() + HANG_BOUND.toNanos();
        JsonNode run = user.get("/runs/" + runId);
        while (!until.test(run)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("run " + runId + " is not " + what + " after " + HANG_BOUND.toSeconds() + " s: " + run);
            }
            Thread.sleep(200);
            run = user.get("/runs/" + runId);
        }
        return run;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
