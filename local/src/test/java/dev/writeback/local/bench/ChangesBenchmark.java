package dev.writeback.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.local.LocalPlatform;
import dev.writeback.local.client.ConnectorFolder;
import dev.writeback.local.client.WritebackClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 1M-row DataSet sent by the same connector to a loopback HTTP target (JSON batches of 1,000) by two jobs on the
 * embedded default: one in writeMode ALL, one in CHANGES by {@code id}. After both ran once, 1 % of the rows change; then
 * each runs again. Prints each run's time (the run record's duration) and the bytes and requests the target received.
 */
public final class ChangesBenchmark {
    static final int ROWS = Integer.getInteger("rows", 1_000_000);
    static final int CHANGE_EVERY = 100;
    static final String PROCESS = """
            var r = DOMO.writeTo(metadata.parameters.datasetId, 'select * from tbl', {deleteRemoved: metadata.report === 'Changes',
                target: {type: 'http', url: metadata.parameters.targetUrl, batchSize: 1000, concurrency: 4}});
            DOMO.log('sent ' + r.rows + ' rows');
            """;

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("bench-changes-");
        AtomicLong bytes = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        try (LoopbackServer target = LoopbackServer.start(ex -> {
            try (ex) {
                bytes.addAndGet(LoopbackServer.body(ex).length);
                requests.incrementAndGet();
                LoopbackServer.reply(ex, 200);
            }
        })) {
            Path datasets = Files.createDirectories(dir.resolve("datasets"));
            Files.writeString(datasets.resolve("big.json"), """
                    {"name": "Big", "schema": {"columns": [{"name": "id", "type": "LONG"}, {"name": "name", "type": "STRING"},
                     {"name": "email", "type": "STRING"}, {"name": "amount", "type": "DECIMAL"}, {"name": "updated", "type": "DATETIME"}]}}
                    """);
            writeRows(datasets.resolve("big.csv"), false);
            try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Settings(dir.resolve("home"), datasets, 0, 0, 0,
                    Set.of(target.hostPort())))) {
                WritebackClient user = new WritebackClient(platform.api().baseUri(), "acme", "uma", "");
                String connectorId = connector(platform, user, dir);
                String accountId = user.post("/accounts", Map.of("connectorId", connectorId, "name", "Bench", "fields", Map.of()))
                        .path("id").asText();
                String all = job(user, connectorId, accountId, target, "All", Map.of("writeMode", "ALL"));
                String changes = job(user, connectorId, accountId, target, "Changes",
                        Map.of("writeMode", "CHANGES", "keyColumns", List.of("id")));
                System.out.printf(Locale.ROOT, "%,d rows; then every %d-th row changes (%,d rows); JSON batches of 1,000 to a loopback target%n",
                        ROWS, CHANGE_EVERY, ROWS / CHANGE_EVERY);
                measure(user, all, "ALL, first run", bytes, requests);
                measure(user, changes, "CHANGES, first run", bytes, requests);
                writeRows(datasets.resolve("big.csv"), true);
                Sent allAgain = measure(user, all, "ALL, after 1 % changed", bytes, requests);
                Sent changesAgain = measure(user, changes, "CHANGES, after 1 % changed", bytes, requests);
                System.out.printf(Locale.ROOT, "result: changes_time_ratio_to_all=%.3f changes_bytes_ratio_to_all=%.4f changes_rows=%d all_rows=%d%n",
                        changesAgain.millis / (double) allAgain.millis, changesAgain.bytes / (double) allAgain.bytes,
                        changesAgain.rows, allAgain.rows);
            }
        }
    }

    record Sent(long millis, long bytes, long rows) {
    }

    static Sent measure(WritebackClient user, String jobId, String label, AtomicLong bytes, AtomicLong requests) {
        bytes.set(0);
        requests.set(0);
        JsonNode run = user.awaitRun(user.post("/jobs/" + jobId + "/runs", null).path("id").asText(), Duration.ofMinutes(30));
        if (!"SUCCEEDED".equals(run.path("status").asText())) {
            throw new IllegalStateException(label + ": the run did not succeed: " + run);
        }
        Sent sent = new Sent(run.path("durationMillis").asLong(), bytes.get(), run.path("rowsWritten").asLong());
        System.out.printf(Locale.ROOT, "  %-28s %7.2f s  %,12d bytes in %,6d requests  %,9d rows sent  %s%n", label,
                sent.millis / 1000.0, sent.bytes, requests.get(), sent.rows,
                run.hasNonNull("changes") ? run.path("changes").toString() : "");
        return sent;
    }

    /** The DataSet's rows; {@code changed}: every {@value #CHANGE_EVERY}-th row has another amount. */
    static void writeRows(Path csv, boolean changed) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (int i = 0; i < ROWS; i++) {
                long cents = changed && i % CHANGE_EVERY == 0 ? i * 3L + 1 : i * 3L;
                out.write(i + ",User " + i + ",user" + i + "@example.com," + cents / 100 + "." + String.format(Locale.ROOT, "%02d", cents % 100)
                        + ",2026-03-01T" + String.format(Locale.ROOT, "%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60, i % 60) + "\n");
            }
        }
    }

    static String connector(LocalPlatform platform, WritebackClient user, Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("connector"));
        Files.writeString(folder.resolve("connector.json"), """
                {"name": "Row pusher", "description": "Posts a DataSet's rows to an HTTP endpoint.",
                 "authentication": {"type": "NONE"}, "reports": ["All", "Changes"],
                 "parameters": [{"name": "datasetId", "type": "STRING", "required": true},
                                {"name": "targetUrl", "type": "STRING", "required": true}],
                 "icons": {"icon": "icon.png"}}
                """);
        Files.writeString(folder.resolve("process.js"), PROCESS);
        Files.writeString(folder.resolve("auth.js"), "auth.authenticationSuccess();");
        Files.copy(Path.of("samples/connectors/file-drop/icon.png"), folder.resolve("icon.png"));
        WritebackClient author = user.as("alice", "author");
        String id = ConnectorFolder.read(folder).push(author, platform.domoClientId(), platform.domoClientSecret(), null);
        author.post("/connectors/" + id + "/submit", Map.of("visibility", "PRIVATE"));
        author.as("rita", "reviewer").post("/connectors/" + id + "/approve", null);
        return id;
    }

    static String job(WritebackClient user, String connectorId, String accountId, LoopbackServer target, String report,
                      Map<String, Object> incremental) {
        return user.post("/jobs", Map.of("connectorId", connectorId, "accountId", accountId, "report", report, "parameters",
                Map.of("datasetId", "big", "targetUrl", target.baseUri() + "/rows"), "incremental", incremental)).path("id").asText();
    }
}
