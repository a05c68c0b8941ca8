package dev.writeback.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writeback.core.json.Json;
import dev.writeback.local.client.ApiCallException;
import dev.writeback.local.client.ConnectorFolder;
import dev.writeback.local.client.WritebackClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code writeback test FOLDER}: pushes a connector folder as a draft — the same connector each time for the same
 * folder and home, updated in place — starts a test run of one of its scripts, waits for it and prints the record:
 * outcome, log, queries, exchanges and the datagrid as a table. On the embedded default (started here, as
 * {@code demo} does) unless {@code --api} names a running API. Exit status 0 only when the test run succeeded.
 */
final class TestRunCommand {
    /** Which connector each folder was pushed as, per API, kept in the home. */
    static final String CONNECTORS_FILE = "test-connectors.json";
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int CELL_CHARS = 40;

    private final PrintStream out;
    private final PrintStream err;

    TestRunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static String usage() {
        return "usage: test FOLDER --script auth|process [--report R] [--param NAME=VALUE ...] [--field NAME=VALUE ...]"
                + " [--account ID] [--file-drop-account] [--row-limit N] [--dry] [--home DIR | --api URL [--accept-agreement]"
                + " --domo-client-id ID --domo-client-secret S]";
    }

    int run(List<String> positional, Map<String, String> opts, Map<String, List<String>> repeated, Set<String> flags,
            LocalPlatform.Settings settings) throws IOException {
        if (positional.size() != 1 || !opts.containsKey("script")) {
            err.println(usage());
            return 2;
        }
        Map<String, String> parameters;
        Map<String, String> fields;
        try {
            parameters = pairs("--param", repeated.getOrDefault("param", List.of()));
            fields = pairs("--field", repeated.getOrDefault("field", List.of()));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Path folderPath = Path.of(positional.get(0)).toAbsolutePath().normalize();
        ConnectorFolder folder = ConnectorFolder.read(folderPath);
        if (opts.containsKey("api")) {
            if (flags.contains("file-drop-account")) {
                err.println("--file-drop-account is for the embedded default, not --api.");
                return 2;
            }
            if (!opts.containsKey("domo-client-id") || !opts.containsKey("domo-client-secret")) {
                err.println("With --api, give the connector's Domo client: --domo-client-id ID --domo-client-secret S.");
                return 2;
            }
            WritebackClient author = new WritebackClient(URI.create(opts.get("api")), opts.getOrDefault("company", "acme"),
                    opts.getOrDefault("user", "alice"), "author");
            if (flags.contains("accept-agreement")) {
                out.println("accepted the user agreement v" + author.acceptUserAgreement());
            }
            return test(author, settings.home(), opts.get("api"), folder, opts.get("domo-client-id"),
                    opts.get("domo-client-secret"), opts, parameters, fields, flags);
        }
        try (LocalPlatform platform = LocalPlatform.start(settings)) {
            out.println("Writeback (embedded default) — home " + platform.home() + ", HTTP API " + platform.api().baseUri());
            if (flags.contains("file-drop-account")) {
                fields.putIfAbsent("baseUrl", platform.fileDrop().baseUri().toString());
                fields.putIfAbsent("apiKey", platform.fileDropKey());
            }
            WritebackClient author = new WritebackClient(platform.api().baseUri(), "acme", "alice", "author");
            // the embedded default's own author, as demo does: authors accept the user agreement before creating connectors
            out.println("accepted the user agreement v" + author.acceptUserAgreement() + " as the author alice");
            return test(author, platform.home(), "embedded", folder, platform.domoClientId(), platform.domoClientSecret(),
                    opts, parameters, fields, flags);
        }
    }

    private int test(WritebackClient author, Path home, String api, ConnectorFolder folder, String domoKey, String domoSecret,
                     Map<String, String> opts, Map<String, String> parameters, Map<String, String> fields,
                     Set<String> flags) throws IOException {
        String connectorId = pushed(author, home, api, folder, domoKey, domoSecret);
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("script", opts.get("script"));
        request.put("mode", flags.contains("dry") ? "dry" : "live");
        if (opts.containsKey("report")) {
            request.put("report", opts.get("report"));
        }
        if (!parameters.isEmpty()) {
            request.set("parameters", Json.MAPPER.valueToTree(parameters));
        }
        if (opts.containsKey("account")) {
            request.put("accountId", opts.get("account"));
        } else if (!fields.isEmpty()) {
            request.set("fields", Json.MAPPER.valueToTree(fields));
        }
        if (opts.containsKey("row-limit")) {
            request.put("rowLimit", Integer.parseInt(opts.get("row-limit")));
        }
        JsonNode started = author.post("/connectors/" + connectorId + "/test-runs", request);
        out.println("test run " + started.path("id").asText() + " of " + connectorId + " v" + started.path("connectorVersion").asInt()
                + " (" + started.path("script").asText() + ", " + started.path("mode").asText() + "), waiting for it:");
        JsonNode run = await(author, started.path("id").asText());
        print(run);
        return "SUCCEEDED".equals(run.path("status").asText()) ? 0 : 1;
    }

    /** The connector this folder was pushed as on this API, updated in place; created the first time (or if it is gone). */
    private String pushed(WritebackClient author, Path home, String api, ConnectorFolder folder, String domoKey,
                          String domoSecret) throws IOException {
        Path file = home.resolve(CONNECTORS_FILE);
        Map<String, String> known = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Json.MAPPER.readTree(file.toFile()).properties().forEach(e -> known.put(e.getKey(), e.getValue().asText()));
        }
        String key = api + " " + folder.folder();
        String id = known.get(key);
        if (id != null) {
            try {
                folder.pushInto(author, id, domoKey, domoSecret, null);
                out.println("updated draft " + id + " from " + folder.folder());
                return id;
            } catch (ApiCallException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        id = folder.push(author, domoKey, domoSecret, null);
        out.println("pushed " + folder.folder() + " as draft " + id);
        known.put(key, id);
        Files.createDirectories(home);
        Path written = Files.writeString(file.resolveSibling(CONNECTORS_FILE + ".tmp"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(known));
        Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    private static JsonNode await(WritebackClient author, String id) {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonNode run = author.get("/test-runs/" + id);
        while (Set.of("QUEUED", "RUNNING").contains(run.path("status").asText())) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Test run " + id + " has not ended after " + WAIT.toMinutes() + " minutes.");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for test run " + id, e);
            }
            run = author.get("/test-runs/" + id);
        }
        return run;
    }

    void print(JsonNode run) {
        out.printf("   %-10s %s (%d ms)%n", "status", run.path("status").asText(), run.path("durationMillis").asLong());
        JsonNode outcome = run.path("outcome");
        if (!outcome.isMissingNode()) {
            String where = outcome.path("line").asInt() > 0 ? " at " + outcome.path("script").asText() + ":"
                    + outcome.path("line").asInt() + ":" + outcome.path("column").asInt() : "";
            String auth = outcome.has("authenticated") ? (outcome.path("authenticated").asBoolean() ? "authenticated" : "refused") + ": " : "";
            out.printf("   %-10s %s%s%s%n", "outcome", auth, outcome.path("message").asText(""),
                    outcome.has("stage") ? " [" + outcome.path("stage").asText() + " " + outcome.path("kind").asText() + "]" + where : "");
        }
        out.println("   log");
        run.path("log").forEach(line -> out.println("     " + line.asText()));
        if (run.path("logTruncated").asBoolean()) {
            out.println("     … (the log was cut at the test run's cap)");
        }
        if (!run.path("queries").isEmpty()) {
            out.println("   queries");
            run.path("queries").forEach(q -> out.printf("     %s → %d rows%s, %d ms%n", q.path("sql").asText(), q.path("rows").asLong(),
                    q.path("rowLimitReached").asBoolean() ? " (row limit reached)" : "", q.path("millis").asLong()));
        }
        if (!run.path("exchanges").isEmpty()) {
            out.println("   exchanges");
            run.path("exchanges").forEach(e -> out.printf("     %s %s → %s, %d bytes sent, %d received%s%n", e.path("method").asText(),
                    e.path("url").asText(), e.path("status").asInt() == 0 ? e.path("error").asText() : e.path("status").asText(),
                    e.path("requestBytes").asLong(), e.path("responseBytes").asLong(), e.path("stubbed").asBoolean() ? " (stubbed)" : ""));
        }
        if (!run.path("writes").isEmpty()) {
            out.println("   writes");
            run.path("writes").forEach(w -> out.printf("     %s %s: %d rows, %d bytes in %d request(s)%s%n", w.path("format").asText(),
                    w.path("location").asText(), w.path("rows").asLong(), w.path("bytes").asLong(), w.path("requests").asLong(),
                    w.path("written").asBoolean() ? "" : " (not written: dry run)"));
        }
        if (run.path("state").size() > 0) {
            out.println("   state      " + run.path("state"));
        }
        JsonNode grid = run.path("datagrid");
        if (grid.path("columns").size() > 0) {
            out.println("   datagrid (" + grid.path("rows").size() + " rows" + (grid.path("truncated").asBoolean() ? ", more not shown" : "") + ")");
            table(grid).forEach(line -> out.println("     " + line));
        }
    }

    /** The grid as a text table, columns as wide as their widest cell (cut at {@value #CELL_CHARS} characters). */
    static List<String> table(JsonNode grid) {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        grid.path("columns").forEach(c -> header.add(c.path("name").asText()));
        cells.add(header);
        grid.path("rows").forEach(row -> {
            List<String> line = new ArrayList<>();
            row.forEach(cell -> line.add(cell.isNull() ? "" : cell.asText()));
            cells.add(line);
        });
        int[] widths = new int[header.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], Math.min(CELL_CHARS, row.get(i).length()));
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = i < cells.get(r).size() ? cells.get(r).get(i) : "";
                cell = cell.length() > CELL_CHARS ? cell.substring(0, CELL_CHARS - 1) + "…" : cell;
                sb.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", cell));
            }
            lines.add(sb.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                lines.add(rule.toString());
            }
        }
        return lines;
    }

    /** {@code NAME=VALUE} options as a map; a value may hold {@code =}. */
    static Map<String, String> pairs(String option, List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(option + " takes NAME=VALUE, not '" + v + "'.");
            }
            if (out.putIfAbsent(v.substring(0, eq), v.substring(eq + 1)) != null) {
                throw new IllegalArgumentException(option + " " + v.substring(0, eq) + " is given twice.");
            }
        }
        return out;
    }
}
