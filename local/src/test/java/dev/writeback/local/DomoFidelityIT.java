package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.local.client.ApiCallException;
import dev.writeback.local.client.WritebackClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What a processing script written against Domo's reference sees in a real run on the embedded default, through the
 * HTTP API: {@code metadata.baseurl}, {@code metadata.days}, {@code metadata.lastRunDate}, UTC dates on a host in New
 * York, and the code of {@code datagrid.error} in the run record and its log.
 */
@Isolated
class DomoFidelityIT {
    private static final Duration RUN_BOUND = Duration.ofSeconds(90);
    /** A report in the style of Domo's USGS example, writing what it saw into its output datagrid. */
    private static final String PROCESS_JS = """
            function ymd(d) {
              return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
            }
            if (metadata.report === 'Opened emails') {
              var rangeEnd = new Date(Date.UTC(2024, 2, 31));
              var starttime = ymd(new Date(rangeEnd.getTime() - metadata.days * 24 * 60 * 60 * 1000));
              var rangeStart = metadata.parameters.range ? ymd(new Date(DOMO.getStartDate(metadata.parameters.range))) : null;
              datagrid.addColumn('baseurl', datagrid.DATA_TYPE_STRING);
              datagrid.addColumn('days', datagrid.DATA_TYPE_LONG);
              datagrid.addColumn('lastRunDate', datagrid.DATA_TYPE_STRING);
              datagrid.addColumn('starttime', datagrid.DATA_TYPE_STRING);
              datagrid.addColumn('rangeStart', datagrid.DATA_TYPE_STRING);
              datagrid.addColumn('localDate', datagrid.DATA_TYPE_STRING);
              datagrid.addColumn('offset', datagrid.DATA_TYPE_LONG);
              datagrid.addCell(metadata.baseurl);
              datagrid.addCell(metadata.days);
              datagrid.addCell(metadata.lastRunDate);
              datagrid.addCell(starttime);
              datagrid.addCell(rangeStart);
              datagrid.addCell(new Date(2024, 0, 15, 9, 30).toISOString());
              datagrid.addCell(new Date().getTimezoneOffset());
              datagrid.endRow();
            } else {
              datagrid.error(3, metadata.report + ' is not a supported report.');
            }
            """;

    private static TimeZone hostZone;
    private static LocalPlatform platform;
    private static WritebackClient user;
    private static String connectorId;
    private static String accountId;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        hostZone = TimeZone.getDefault();
        // the machine is in New York; the platform (and its script engine) starts after the zone is set
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        platform = LocalPlatform.start(new LocalPlatform.Settings(dir.resolve("home"), Path.of("samples/datasets"), 0, 0, 0));
        user = new WritebackClient(platform.api().baseUri(), "acme", "uma", "");
        connectorId = pushConnector();
        accountId = user.post("/accounts", Map.of("connectorId", connectorId, "name", "File Drop",
                "fields", Map.of("baseUrl", platform.fileDrop().baseUri().toString(), "apiKey", platform.fileDropKey())))
                .path("id").asText();
    }

    @AfterAll
    static void stop() {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            TimeZone.setDefault(hostZone);
        }
    }

    @Test
    void aDateSelectorReportSeesItsSpanAsDaysTheDomoUrlUtcAndTheLastSuccessfulRun() {
        String job = createJob("Opened emails", Map.of("range", "2024-03-01..2024-03-31"), null);

        JsonNode first = run(job);
        assertEquals("SUCCEEDED", first.path("status").asText(), first.toString());
        assertEquals(List.of("https://api.domo.com", 30, "null", "2024-03-01", "2024-03-01", "2024-01-15T09:30:00.000Z", 0),
                outputRow(first));

        JsonNode second = run(job);
        assertEquals("SUCCEEDED", second.path("status").asText(), second.toString());
        Instant firstStarted = Instant.parse(first.path("startedAt").asText());
        assertEquals(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(firstStarted),
                outputRow(second).get(2), "metadata.lastRunDate: when the last successful run started, as toISOString writes it");
        assertEquals(Instant.parse(second.path("startedAt").asText()),
                Instant.parse(user.get("/jobs/" + job).path("lastSuccessfulRunStartedAt").asText()));
    }

    @Test
    void withoutADateSelectorDaysIsTheJobsSettingAndOneByDefault() {
        String weekly = createJob("Opened emails", Map.of(), 7);
        assertEquals(7, user.get("/jobs/" + weekly).path("days").asInt());
        assertEquals(List.of("https://api.domo.com", 7, "null", "2024-03-24", "null", "2024-01-15T09:30:00.000Z", 0),
                outputRow(run(weekly)));

        String plain = createJob("Opened emails", Map.of(), null);
        assertEquals(1, outputRow(run(plain)).get(1));

        ApiCallException refused = assertThrows(ApiCallException.class, () -> createJob("Opened emails", Map.of(), 0));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("days must be between 1 and 3660, not 0."), refused.getMessage());
    }

    @Test
    void datagridErrorKeepsItsCodeInTheRunRecordAndTheLog() {
        String job = createJob("All events", Map.of(), null);
        JsonNode failed = run(job);

        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        JsonNode error = failed.path("error");
        assertEquals("DATAGRID_ERROR", error.path("kind").asText(), error.toString());
        assertEquals(3, error.path("code").asInt(), error.toString());
        assertEquals("All events is not a supported report.", error.path("message").asText());
        String log = new String(user.getBytes("/runs/" + failed.path("id").asText() + "/log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("All events is not a supported report. (datagrid.error code 3)"), log);
        assertTrue(user.get("/jobs/" + job).path("lastSuccessfulRunStartedAt").isMissingNode(), "no run of the job succeeded");
    }

    private static String createJob(String report, Map<String, String> parameters, Integer days) {
        Map<String, String> values = new HashMap<>(parameters);
        values.put("datasetId", WritebackCli.SAMPLE_DATASET);
        Map<String, Object> body = new HashMap<>(Map.of("connectorId", connectorId, "accountId", accountId, "report", report,
                "parameters", values));
        if (days != null) {
            body.put("days", days);
        }
        return user.post("/jobs", body).path("id").asText();
    }

    private static JsonNode run(String jobId) {
        return user.awaitRun(user.post("/jobs/" + jobId + "/runs", null).path("id").asText(), RUN_BOUND);
    }

    /** The first output row as plain values (null as "null"). */
    private static List<Object> outputRow(JsonNode run) {
        JsonNode row = run.path("output").path("rows").path(0);
        return Stream.iterate(0, i -> i < row.size(), i -> i + 1)
                .map(i -> row.get(i).isNumber() ? (Object) row.get(i).asInt() : row.get(i).isNull() ? "null" : row.get(i).asText())
                .toList();
    }

    /** The sample connector with a Date-selector parameter and the report above, pushed and published. */
    private static String pushConnector() throws IOException {
        Path folder = dir.resolve("fidelity");
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(Path.of("samples/connectors/file-drop"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Files.writeString(folder.resolve("connector.json"), Files.readString(folder.resolve("connector.json")).replace(
                "\"parameters\": [", "\"parameters\": [\n    { \"name\": \"range\", \"type\": \"DATE\", \"required\": false },"));
        Files.writeString(folder.resolve("process.js"), PROCESS_JS);
        return TestConnectors.publish(folder, platform, user);
    }
}
