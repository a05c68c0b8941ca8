package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.local.client.ConnectorFolder;
import dev.writeback.local.client.WritebackClient;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The {@code sql} and {@code aws} globals through Writeback's HTTP API on the embedded default: a connector that
 * saves its database between runs, one that does not, and a script's S3 round trip against S3Proxy (the operator's
 * endpoint for the {@code aws} global here).
 */
@Isolated
class ScriptGlobalsJourneyIT {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("journey");
    private static final Duration RUN_BOUND = Duration.ofMinutes(2);
    private static final String PROCESS = """
            sql.createTable('runs', {n: 'LONG', note: 'STRING'}, true);
            var before = sql.select(['note'], 'runs');
            DOMO.log('kept from earlier runs: ' + before.map(function (r) { return r.note; }).join(',') + '.');
            sql.insert('runs', {n: before.length + 1, note: metadata.parameters.fileName});
            aws.createClient(metadata.account.region, metadata.account.key, metadata.account.secret);
            aws.put('BUCKET/journey', metadata.parameters.fileName + '.txt', 'run ' + (before.length + 1));
            DOMO.log('read back: ' + aws.get('BUCKET/journey', metadata.parameters.fileName + '.txt'));
            if (metadata.parameters.fileName === 'fail') {
              throw new Error('this run fails after writing');
            }
            """;

    @TempDir
    static Path dir;
    private static LocalPlatform platform;
    private static WritebackClient user;

    @BeforeAll
    static void start() throws IOException {
        System.setProperty("writeback.scriptS3Endpoint", S3.endpoint().toString());
        try {
            platform = LocalPlatform.start(new LocalPlatform.Settings(dir.resolve("home"), Path.of("samples/datasets"), 0, 0, 0));
        } finally {
            System.clearProperty("writeback.scriptS3Endpoint");
        }
        user = new WritebackClient(platform.api().baseUri(), "acme", "uma", "");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aConnectorSavingItsDatabaseSeesWhatTheLastSuccessfulRunKept() throws IOException {
        String job = job(connector("saving", true));
        assertEquals(List.of("kept from earlier runs: .", "read back: run 1"), scriptLines(run(job, "first", "SUCCEEDED")));
        assertEquals(List.of("kept from earlier runs: first.", "read back: run 2"), scriptLines(run(job, "fail", "FAILED")));
        assertEquals(List.of("kept from earlier runs: first.", "read back: run 2"), scriptLines(run(job, "third", "SUCCEEDED")));
        assertEquals(List.of("kept from earlier runs: first,third.", "read back: run 3"), scriptLines(run(job, "fourth", "SUCCEEDED")));
        assertEquals("run 1", new String(S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket()).key("journey/first.txt")).asByteArray(),
                StandardCharsets.UTF_8));
    }

    @Test
    void aConnectorNotSavingItsDatabaseStartsEmptyEveryRun() throws IOException {
        String job = job(connector("fresh", false));
        assertEquals(List.of("kept from earlier runs: .", "read back: run 1"), scriptLines(run(job, "one", "SUCCEEDED")));
        JsonNode second = run(job, "two", "SUCCEEDED");
        assertEquals(List.of("kept from earlier runs: .", "read back: run 1"), scriptLines(second));
        assertEquals(2, second.path("requests").asInt(), second.toString());
        assertEquals("run 1".length(), second.path("bytesWritten").asInt(), second.toString());
    }

    /** The sample connector with the script above and S3 fields on its account, pushed and published. */
    private static String connector(String name, boolean saveDatabase) throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(Path.of("samples/connectors/file-drop"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        String descriptor = Files.readString(folder.resolve("connector.json"))
                .replace("\"fields\": [", "\"fields\": [\n      { \"key\": \"region\", \"label\": \"Region\", \"password\": false },"
                        + "\n      { \"key\": \"key\", \"label\": \"Access key\", \"password\": false },"
                        + "\n      { \"key\": \"secret\", \"label\": \"Secret key\", \"password\": true },")
                .replace("\"visibility\"", "\"saveDatabaseBetweenRuns\": " + saveDatabase + ",\n  \"visibility\"");
        Files.writeString(folder.resolve("connector.json"), descriptor);
        Files.writeString(folder.resolve("process.js"), PROCESS.replace("BUCKET", S3.bucket()));
        WritebackClient author = user.as("alice", "author");
        author.acceptUserAgreement();
        String id = ConnectorFolder.read(folder).push(author, platform.domoClientId(), platform.domoClientSecret(), null);
        assertEquals(saveDatabase, author.get("/connectors/" + id).path("saveDatabaseBetweenRuns").asBoolean());
        author.post("/connectors/" + id + "/submit", Map.of("visibility", "PRIVATE"));
        author.as("rita", "reviewer").post("/connectors/" + id + "/approve", null);
        return id;
    }

    private static String job(String connectorId) {
        JsonNode account = user.post("/accounts", Map.of("connectorId", connectorId, "name", "File Drop and S3", "fields", Map.of(
                "baseUrl", "http://127.0.0.1:" + platform.fileDrop().port(), "apiKey", platform.fileDropKey(),
                "region", "us-east-1", "key", S3ProxyExtension.ACCESS_KEY, "secret", S3ProxyExtension.SECRET_KEY)));
        return user.post("/jobs", Map.of("connectorId", connectorId, "accountId", account.path("id").asText(), "name", "Globals",
                "report", "All events", "parameters", Map.of("datasetId", WritebackCli.SAMPLE_DATASET, "fileName", "none")))
                .path("id").asText();
    }

    private static JsonNode run(String jobId, String note, String status) {
        user.patch("/jobs/" + jobId, Map.of("parameters", Map.of("datasetId", WritebackCli.SAMPLE_DATASET, "fileName", note)));
        JsonNode run = user.awaitRun(user.post("/jobs/" + jobId + "/runs", null).path("id").asText(), RUN_BOUND);
        assertEquals(status, run.path("status").asText(), run.toString());
        return run;
    }

    /** The lines the script logged (the run's log also holds the executor's lines, in brackets). */
    private static List<String> scriptLines(JsonNode run) {
        String log = new String(user.getBytes("/runs/" + run.path("id").asText() + "/log"), StandardCharsets.UTF_8);
        List<String> lines = Arrays.stream(log.split("\n")).filter(l -> l.startsWith("kept") || l.startsWith("read back")).toList();
        assertTrue(!lines.isEmpty(), log);
        return lines;
    }
}
