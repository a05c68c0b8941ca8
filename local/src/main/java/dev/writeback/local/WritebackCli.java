package dev.writeback.local;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded default's command line.
 * <pre>
 *   demo   [--home DIR]                 register the sample connector, connect an account, run a job, print the run
 *   serve  [--home DIR] [--port 3000]   serve the HTTP API on loopback (like sam local start-api)
 *   invoke FUNCTION --event FILE        invoke one function with an event through the Lambda runtime client
 *   test   FOLDER --script S ...        push a folder as a draft, test-run its script, print the record ({@link TestRunCommand})
 *   (demo, serve, invoke, test: --allow-target HOST:PORT, repeatable, or WRITEBACK_ALLOW_TARGETS, let scripts reach a local target;
 *    demo, serve, invoke: --event-webhook URL, repeatable, or WRITEBACK_EVENT_WEBHOOKS, also post every run event there)
 *   push   FOLDER --api URL ...         create a connector from a connector folder (--accept-agreement: accept the
 *                                       user agreement on the author's behalf first)
 *   pull   CONNECTOR_ID FOLDER --api URL   write a connector's latest version into a folder
 * </pre>
 */
public final class WritebackCli {
    static final String SAMPLE_DATASET = "4e1b7c2a-8f3d-4a6e-9b21-5d0c6f7e8a90";

    /** Options a command line may give more than once. */
    private static final Set<String> REPEATABLE = Set.of("allow-target", "event-webhook", "param", "field");
    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("accept-agreement", "dry", "file-drop-account");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private List<String> eventWebhooks = List.of();

    WritebackCli(PrintStream out) {
        this(out, System.getenv());
    }

    WritebackCli(PrintStream out, Map<String, String> environment) {
        this(out, System.err, environment);
    }

    /** @param err where usage errors and failures are printed (the process's standard error, or a test's capture) */
    WritebackCli(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(new WritebackCli(System.out).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                if (FLAGS.contains(name)) {
                    flags.add(name);
                    continue;
                }
                if (i + 1 >= args.length) {
                    err.println("Option " + args[i] + " needs a value.");
                    return 2;
                }
                String value = args[++i];
                if (REPEATABLE.contains(name)) {
                    repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                } else if (opts.putIfAbsent(name, value) != null) {
                    err.println("Option --" + name + " is given twice.");
                    return 2;
                }
            } else {
                positional.add(args[i]);
            }
        }
        Set<String> allowedTargets;
        try {
            allowedTargets = AllowedTargets.of(repeated.getOrDefault("allow-target", List.of()),
                    environment.get(AllowedTargets.ENV));
            eventWebhooks = EventWebhooks.of(repeated.getOrDefault("event-webhook", List.of()),
                    environment.get(EventWebhooks.ENV));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (!allowedTargets.isEmpty() && !Set.of("demo", "serve", "invoke", "test").contains(args[0])) {
            err.println("--allow-target is for demo, serve, invoke and test only.");
            return 2;
        }
        try {
            return switch (args[0]) {
                case "demo" -> demo(opts, allowedTargets);
                case "serve" -> serve(opts, allowedTargets);
                case "invoke" -> LocalInvoker.invoke(positional, opts, settings(opts, allowedTargets), out, err);
                case "test" -> new TestRunCommand(out, err).run(positional, opts, repeated, flags, settings(opts, allowedTargets));
                case "push" -> push(positional, opts, flags);
                case "pull" -> pull(positional, opts);
                default -> {
                    err.println("Unknown command '" + args[0] + "'.\n" + usage());
                    yield 2;
                }
            };
        } catch (ApiCallException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return """
                usage: writeback <command> [options]
                  demo   [--home DIR]                       run the sample connector end to end and print the run record
                  serve  [--home DIR] [--port 3000]         serve the HTTP API on 127.0.0.1 (like sam local start-api)
                  invoke FUNCTION --event FILE [--home DIR] invoke registration|oauth-callback|executor with an event (like sam local invoke -e)
                  test   FOLDER --script auth|process [--report R] [--param NAME=VALUE ...] [--field NAME=VALUE ...]
                         [--account ID | --file-drop-account] [--row-limit N] [--dry] [--home DIR | --api URL ...]
                         push the folder as a draft (the same connector each time), test-run its script, print the record
                  demo, serve, invoke and test take --allow-target HOST:PORT (repeatable; or WRITEBACK_ALLOW_TARGETS=HOST:PORT,...):
                         scripts, built-in writers and OAuth token calls may then reach that local address, over http too
                  demo, serve and invoke take --event-webhook URL (repeatable; or WRITEBACK_EVENT_WEBHOOKS=URL,...):
                         every run event is posted there too (it always goes to HOME/events/run-events.jsonl)
                  push   FOLDER --api URL --domo-client-id ID --domo-client-secret S [--company C --user U] [--accept-agreement]
                         (--accept-agreement: accept the user agreement as that author first; authors must before creating)
                  pull   CONNECTOR_ID FOLDER --api URL [--company C --user U]""";
    }

    private LocalPlatform.Settings settings(Map<String, String> opts, Set<String> allowedTargets) {
        Path home = Path.of(opts.getOrDefault("home", environment.getOrDefault("WRITEBACK_HOME", ".writeback")));
        Path datasets = Path.of(opts.getOrDefault("datasets", "samples/datasets"));
        return new LocalPlatform.Settings(home, datasets, Integer.parseInt(opts.getOrDefault("port", "0")),
                Integer.parseInt(opts.getOrDefault("domo-port", "0")), Integer.parseInt(opts.getOrDefault("file-drop-port", "0")),
                allowedTargets, eventWebhooks);
    }

    private int demo(Map<String, String> opts, Set<String> allowedTargets) throws IOException {
        Path connectorFolder = Path.of(opts.getOrDefault("connector", "samples/connectors/file-drop"));
        try (LocalPlatform platform = LocalPlatform.start(settings(opts, allowedTargets))) {
            LocalApiServer api = platform.api();
            out.println("Writeback (embedded default) — home " + platform.home());
            out.println("  HTTP API " + api.baseUri() + " · Domo stand-in " + platform.domo().baseUri()
                    + " · File Drop " + platform.fileDrop().baseUri());
            out.println("  Connector Dev Studio " + api.baseUri() + "/studio/ (while the demo runs)");
            WritebackClient author = new WritebackClient(api.baseUri(), "acme", "alice", "author");
            WritebackClient reviewer = author.as("rita", "reviewer");
            WritebackClient user = author.as("uma", "");

            out.println("0. accepted the user agreement v" + author.acceptUserAgreement() + " as the author alice");
            ConnectorFolder folder = ConnectorFolder.read(connectorFolder);
            String connectorId = folder.push(author, platform.domoClientId(), platform.domoClientSecret(), null);
            author.post("/connectors/" + connectorId + "/submit", Map.of("visibility", folder.visibility()));
            JsonNode published = reviewer.post("/connectors/" + connectorId + "/approve", null);
            out.println("1. registered " + published.path("name").asText() + " (" + connectorId + " v"
                    + published.path("version").asInt() + ", " + published.path("status").asText() + ")");

            JsonNode account = user.post("/accounts", Map.of("connectorId", connectorId, "name", "File Drop (local)",
                    "fields", Map.of("baseUrl", platform.fileDrop().baseUri().toString(), "apiKey", platform.fileDropKey())));
            out.println("2. connected account " + account.path("id").asText() + " (" + account.path("status").asText() + ")");

            String fileName = "opened-emails";
            JsonNode job = user.post("/jobs", Map.of("connectorId", connectorId, "accountId", account.path("id").asText(),
                    "name", "Opened emails to File Drop", "report", "Opened emails",
                    "parameters", Map.of("datasetId", SAMPLE_DATASET, "fileName", fileName)));
            out.println("3. created job " + job.path("id").asText() + " (report '" + job.path("report").asText() + "')");

            JsonNode started = user.post("/jobs/" + job.path("id").asText() + "/runs", null);
            out.println("4. started run " + started.path("id").asText() + " (" + started.path("status").asText() + "), waiting for it:");
            JsonNode run = user.awaitRun(started.path("id").asText(), Duration.ofMinutes(15));
            Path output = platform.fileDrop().file(fileName + ".csv");
            printRun(run, output);
            return "SUCCEEDED".equals(run.path("status").asText()) && Files.isRegularFile(output) ? 0 : 1;
        }
    }

    void printRun(JsonNode run, Path output) throws IOException {
        out.println("   run " + run.path("id").asText() + " of job " + run.path("jobId").asText());
        out.printf("   %-14s %s%n", "status", run.path("status").asText());
        out.printf("   %-14s %s%n", "trigger", run.path("trigger").asText());
        out.printf("   %-14s %s v%d%n", "connector", run.path("connectorId").asText(), run.path("connectorVersion").asInt());
        out.printf("   %-14s %d%n", "rows read", run.path("rowsRead").asLong());
        out.printf("   %-14s %d%n", "rows written", run.path("rowsWritten").asLong());
        out.printf("   %-14s %d bytes in %d request(s)%n", "sent", run.path("bytesWritten").asLong(), run.path("requests").asLong());
        out.printf("   %-14s %d ms%n", "duration", run.path("durationMillis").asLong());
        if (run.hasNonNull("changes")) {
            JsonNode c = run.path("changes");
            out.printf("   %-14s %s: %d added, %d changed, %d removed, %d unchanged%s%n", "changes", c.path("writeMode").asText(),
                    c.path("added").asLong(), c.path("changed").asLong(), c.path("removed").asLong(), c.path("unchanged").asLong(),
                    c.path("reset").asBoolean() ? " (no snapshot to compare with: every row counts as added)" : "");
        }
        if (run.hasNonNull("error")) {
            JsonNode e = run.path("error");
            out.printf("   %-14s [%s] %s%s%n", "error", e.path("stage").asText(), e.path("message").asText(),
                    e.path("line").asInt() > 0 ? " (" + e.path("script").asText() + ":" + e.path("line").asInt() + ":"
                            + e.path("column").asInt() + ")" : "");
        }
        if (Files.isRegularFile(output)) {
            long lines;
            try (var s = Files.lines(output)) {
                lines = s.count();
            }
            out.printf("   %-14s %s (%d rows + header, %d bytes)%n", "output", output, lines - 1, Files.size(output));
        } else {
            out.printf("   %-14s none written%n", "output");
        }
        out.printf("   %-14s %s%n", "log", run.path("logKey").asText());
    }

    private int serve(Map<String, String> opts, Set<String> allowedTargets) throws IOException {
        opts.putIfAbsent("port", "3000");
        LocalPlatform platform = LocalPlatform.start(settings(opts, allowedTargets));
        LocalApiServer api = platform.api();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stop.countDown();
        }));
        out.println("Writeback HTTP API on " + api.baseUri() + " (home " + platform.home() + ")");
        out.println("  callers: send x-writeback-company, x-writeback-user, x-writeback-roles (author, reviewer)");
        out.println("  Connector Dev Studio " + api.baseUri() + "/studio/ (sign in as any company, user and roles)");
        out.println("  Domo stand-in " + platform.domo().baseUri() + "  client id " + platform.domoClientId()
                + "  secret in " + platform.home().resolve("local-credentials.json"));
        out.println("  File Drop " + platform.fileDrop().baseUri() + "  files in " + platform.fileDrop().folder());
        if (!allowedTargets.isEmpty()) {
            out.println("  scripts, writers and OAuth may also reach " + String.join(", ", allowedTargets) + " (http too)");
        }
        out.println("Press Ctrl-C to stop.");
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int push(List<String> positional, Map<String, String> opts, Set<String> flags) {
        if (positional.size() != 1 || !opts.containsKey("api") || !opts.containsKey("domo-client-id")
                || !opts.containsKey("domo-client-secret")) {
            err.println("usage: push FOLDER --api URL --domo-client-id ID --domo-client-secret S [--oauth-client-secret S]"
                    + " [--accept-agreement]");
            return 2;
        }
        WritebackClient client = client(opts, "author");
        if (flags.contains("accept-agreement")) {
            out.println("accepted the user agreement v" + client.acceptUserAgreement());
        }
        String id = ConnectorFolder.read(Path.of(positional.get(0))).push(client, opts.get("domo-client-id"),
                opts.get("domo-client-secret"), opts.get("oauth-client-secret"));
        out.println(id);
        return 0;
    }

    private int pull(List<String> positional, Map<String, String> opts) {
        if (positional.size() != 2 || !opts.containsKey("api")) {
            err.println("usage: pull CONNECTOR_ID FOLDER --api URL");
            return 2;
        }
        ConnectorFolder.pull(client(opts, "author"), positional.get(0), Path.of(positional.get(1)));
        out.println("wrote " + positional.get(1));
        return 0;
    }

    private static WritebackClient client(Map<String, String> opts, String roles) {
        return new WritebackClient(URI.create(opts.get("api")), opts.getOrDefault("company", "acme"),
                opts.getOrDefault("user", "alice"), opts.getOrDefault("roles", roles));
    }
}
