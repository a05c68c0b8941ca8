package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.local.client.ApiCallException;
import dev.writeback.local.client.WritebackClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs in writeMode CHANGES and APPEND on the embedded default, as a user drives them over the API: a connector whose
 * script writes its change query with {@code DOMO.writeTo} to a loopback HTTP target, DataSets changed between runs, and
 * what the target received and the run records say.
 */
class IncrementalRunsIT {
    private static final String CONTACTS = """
            {"name": "Contacts", "schema": {"columns": [{"name": "id", "type": "LONG"}, {"name": "name", "type": "STRING"},
             {"name": "amount", "type": "DECIMAL"}]}}
            """;
    private static final String EVENTS = """
            {"name": "Events", "schema": {"columns": [{"name": "id", "type": "LONG"},
             {"name": "updated_at", "type": "DATETIME"}]}}
            """;
    private static final String PROCESS = """
            var upserts = metadata.report === 'Upserts';
            var r = DOMO.writeTo(metadata.parameters.datasetId, 'select * from tbl', {deleteRemoved: upserts,
                target: {type: 'http', url: metadata.parameters.targetUrl, batchSize: 2, concurrency: 1}});
            DOMO.log('sent ' + r.rows + ' rows, removed ' + r.removed);
            """;

    @TempDir
    Path dir;
    private LoopbackServer target;
    private final List<String> received = new ArrayList<>();
    private volatile int answer = 200;
    private LocalPlatform platform;
    private WritebackClient user;
    private String connectorId;

    @BeforeEach
    void start() throws IOException {
        target = LoopbackServer.start(ex -> {
            try (ex) {
                String body = new String(LoopbackServer.body(ex), StandardCharsets.UTF_8);
                synchronized (received) {
                    received.add(ex.getRequestMethod() + " " + body);
                }
                LoopbackServer.reply(ex, answer);
            }
        });
        Path datasets = Files.createDirectories(dir.resolve("datasets"));
        Files.writeString(datasets.resolve("ds-contacts.json"), CONTACTS);
        Files.writeString(datasets.resolve("ds-events.json"), EVENTS);
        contacts("1,Ann,1.50\n2,Bob,2.00\n3,Cy,3.25\n4,Dee,4.00\n");
        events("1,2026-03-01T10:00:00\n2,2026-03-01T11:00:00\n");
        platform = LocalPlatform.start(new LocalPlatform.Settings(dir.resolve("home"), datasets, 0, 0, 0, Set.of(target.hostPort())));
        user = new WritebackClient(platform.api().baseUri(), "acme", "uma", "");
        connectorId = publishedConnector();
    }

    @AfterEach
    void stop() {
        platform.close();
        target.close();
    }

    @Test
    void aChangesJobSendsOnlyWhatChangedAndAFailedRunLeavesItsDifferenceForTheNext() throws IOException {
        String jobId = job("Upserts", "ds-contacts", Map.of("writeMode", "CHANGES", "keyColumns", List.of("id")));

        JsonNode first = run(jobId);
        assertEquals("SUCCEEDED", first.path("status").asText(), first.toString());
        assertEquals(changes("CHANGES", 4, 0, 0, 0, true), first.path("changes").toString());
        assertEquals(List.of("POST [{\"id\":1,\"name\":\"Ann\",\"amount\":1.50},{\"id\":2,\"name\":\"Bob\",\"amount\":2.00}]",
                "POST [{\"id\":3,\"name\":\"Cy\",\"amount\":3.25},{\"id\":4,\"name\":\"Dee\",\"amount\":4.00}]"), takeReceived());

        contacts("1,Ann,1.50\n2,Bob,20.00\n4,Dee,4.00\n5,Eve,5.00\n");
        answer = 403;
        JsonNode failed = run(jobId);
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertEquals(changes("CHANGES", 1, 1, 1, 2, false), failed.path("changes").toString());
        takeReceived();

        answer = 200;
        JsonNode third = run(jobId);
        assertEquals("SUCCEEDED", third.path("status").asText(), third.toString());
        assertEquals(changes("CHANGES", 1, 1, 1, 2, false), third.path("changes").toString());
        assertEquals(List.of("POST [{\"id\":5,\"name\":\"Eve\",\"amount\":5.00},{\"id\":2,\"name\":\"Bob\",\"amount\":20.00}]",
                "DELETE [{\"id\":3}]"), takeReceived());
        assertTrue(user.getBytes("/runs/" + third.path("id").asText() + "/log").length > 0);
        String log = new String(user.getBytes("/runs/" + third.path("id").asText() + "/log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("[changes] CHANGES over ds-contacts: 1 added, 1 changed, 1 removed, 2 unchanged"), log);
        assertTrue(log.contains("sent 2 rows, removed 1"), log);

        JsonNode nothingNew = run(jobId);
        assertEquals(changes("CHANGES", 0, 0, 0, 4, false), nothingNew.path("changes").toString());
        assertEquals(List.of(), takeReceived());

        user.post("/jobs/" + jobId + "/resend-all", null);
        JsonNode resent = run(jobId);
        assertEquals(changes("CHANGES", 4, 0, 0, 0, true), resent.path("changes").toString());
        assertEquals(2, takeReceived().size());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new WritebackCli(new PrintStream(printed, true, StandardCharsets.UTF_8), Map.of()).printRun(third, dir.resolve("none.csv"));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("   changes        CHANGES: 1 added, 1 changed, 1 removed, 2 unchanged\n"),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anAppendJobSendsTheRowsPastTheGreatestWatermarkOfTheLastSuccessfulRun() throws IOException {
        String jobId = job("Appends", "ds-events", Map.of("writeMode", "APPEND", "watermarkColumn", "updated_at"));

        assertEquals(changes("APPEND", 2, 0, 0, 0, true), run(jobId).path("changes").toString());
        assertEquals(List.of("POST [{\"id\":1,\"updated_at\":\"2026-03-01T10:00:00\"},{\"id\":2,\"updated_at\":\"2026-03-01T11:00:00\"}]"),
                takeReceived());

        events("1,2026-03-01T10:00:00\n2,2026-03-01T11:00:00\n3,2026-03-01T11:00:00\n4,2026-03-01T12:30:00\n");
        JsonNode second = run(jobId);
        assertEquals("SUCCEEDED", second.path("status").asText(), second.toString());
        assertEquals(changes("APPEND", 1, 0, 0, 3, false), second.path("changes").toString());
        assertEquals(List.of("POST [{\"id\":4,\"updated_at\":\"2026-03-01T12:30:00\"}]"), takeReceived());
    }

    @Test
    void badSettingsAreRefusedAndColumnsMissingAtRunTimeFailTheRunNamingThem() {
        ApiCallException noKeys = assertThrows(ApiCallException.class,
                () -> job("Upserts", "ds-contacts", Map.of("writeMode", "CHANGES")));
        assertEquals(400, noKeys.status());
        assertTrue(noKeys.getMessage().contains("writeMode CHANGES needs keyColumns: the columns that identify a row"),
                noKeys.getMessage());
        ApiCallException badMode = assertThrows(ApiCallException.class,
                () -> job("Upserts", "ds-contacts", Map.of("writeMode", "SOMETIMES")));
        assertEquals(400, badMode.status(), badMode.getMessage());

        String unknownKey = job("Upserts", "ds-contacts", Map.of("writeMode", "CHANGES", "keyColumns", List.of("customer_id")));
        JsonNode failed = run(unknownKey);
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertEquals("changes", failed.path("error").path("stage").asText());
        assertEquals("keyColumns names the column 'customer_id', which the change query's result does not have (its columns:"
                + " id, name, amount)", failed.path("error").path("message").asText());

        String noWatermark = job("Appends", "ds-contacts", Map.of("writeMode", "APPEND", "watermarkColumn", "updated_at"));
        JsonNode missing = run(noWatermark);
        assertEquals("FAILED", missing.path("status").asText(), missing.toString());
        assertTrue(missing.path("error").path("message").asText().startsWith("watermarkColumn names the column 'updated_at'"),
                missing.toString());
        assertEquals(List.of(), takeReceived());
    }

    /** The run record's {@code changes}, as the API shows it. */
    private static String changes(String mode, long added, long changed, long removed, long unchanged, boolean reset) {
        return "{\"writeMode\":\"" + mode + "\",\"added\":" + added + ",\"changed\":" + changed + ",\"removed\":" + removed
                + ",\"unchanged\":" + unchanged + ",\"reset\":" + reset + "}";
    }

    private List<String> takeReceived() {
        synchronized (received) {
            List<String> all = List.copyOf(received);
            received.clear();
            return all;
        }
    }

    private void contacts(String csv) throws IOException {
        Files.writeString(dir.resolve("datasets/ds-contacts.csv"), csv);
    }

    private void events(String csv) throws IOException {
        Files.writeString(dir.resolve("datasets/ds-events.csv"), csv);
    }

    private JsonNode run(String jobId) {
        return user.awaitRun(user.post("/jobs/" + jobId + "/runs", null).path("id").asText(), Duration.ofMinutes(2));
    }

    private String job(String report, String datasetId, Map<String, Object> incremental) {
        return user.post("/jobs", Map.of("connectorId", connectorId, "accountId", account(), "report", report, "parameters",
                Map.of("datasetId", datasetId, "targetUrl", target.baseUri() + "/rows"), "incremental", incremental))
                .path("id").asText();
    }

    private String account() {
        return user.post("/accounts", Map.of("connectorId", connectorId, "name", "No login", "fields", Map.of())).path("id").asText();
    }

    private String publishedConnector() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("connector"));
        Files.writeString(folder.resolve("connector.json"), """
                {"name": "Row pusher", "description": "Posts a DataSet's rows to an HTTP endpoint.",
                 "authentication": {"type": "NONE"}, "reports": ["Upserts", "Appends"],
                 "parameters": [{"name": "datasetId", "type": "STRING", "required": true},
                                {"name": "targetUrl", "type": "STRING", "required": true}],
                 "icons": {"icon": "icon.png"}}
                """);
        Files.writeString(folder.resolve("process.js"), PROCESS);
        Files.writeString(folder.resolve("auth.js"), "auth.authenticationSuccess();");
        Files.copy(Path.of("samples/connectors/file-drop/icon.png"), folder.resolve("icon.png"));
        return TestConnectors.publish(folder, platform, user);
    }
}
