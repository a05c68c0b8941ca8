package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.aws.dynamo.DynamoDocumentTable;
import dev.writeback.core.json.Json;
import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.aws.MotoExtension;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged tier: each function's deployment package exactly as {@code sam build} leaves it (the
 * Makefile's {@code build-<Function>} targets, run here on the packages this build made), run as
 * Lambda runs it — unpacked into a task directory, the real runtime interface client loading the
 * handler from its classes and {@code lib/*.jar}, only the environment and {@code JAVA_TOOL_OPTIONS}
 * the template gives the function — against DynamoDB, S3, Secrets Manager and Scheduler emulators on loopback.
 * Every sample event under {@code events/} is invoked and its answer checked.
 */
class PackagedFunctionIT {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("writeback-packaged");
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    /** Lambda's limit for a deployment package, unzipped (250 MB). */
    static final long LAMBDA_UNZIPPED_LIMIT = 262_144_000L;
    /** How long the test waits for one answer: a cold start of the executor takes seconds, not minutes. */
    static final Duration ANSWER_WITHIN = Duration.ofMinutes(2);

    private static final Set<String> BUILT = new HashSet<>();
    private static SamTemplate template;

    @BeforeAll
    static void setUp() throws IOException {
        template = SamTemplate.read(Path.of("template.yaml"));
        DynamoDocumentTable.createTable(DYNAMO.client(), DYNAMO.tableName());
    }

    @Test
    void theRegistrationFunctionServesItsSampleEvents() throws Exception {
        try (LambdaContainer registration = container("RegistrationFunction")) {
            JsonNode accepted = answer(registration, "registration-accept-agreement.json");
            assertEquals(201, accepted.path("statusCode").asInt(), accepted.toString());
            assertEquals("1", body(accepted).path("version").asText(), "the author accepts the user agreement first");
            JsonNode created = answer(registration, "registration-create-connector.json");
            assertEquals(201, created.path("statusCode").asInt(), created.toString());
            JsonNode connector = body(created);
            String id = connector.path("connectorId").asText();
            assertTrue(id.startsWith("con-"), connector.toString());
            assertEquals("File Drop Writeback", connector.path("name").asText());
            assertEquals("DRAFT", connector.path("status").asText());
            assertTrue(new DynamoDocumentTable(DYNAMO.client(), DYNAMO.tableName()).get("CONNECTOR#" + id, "ROOT").isPresent(),
                    "the connector is in the DynamoDB table");

            JsonNode listed = answer(registration, "registration-list-connectors.json");
            assertEquals(200, listed.path("statusCode").asInt(), listed.toString());
            List<String> ids = new ArrayList<>();
            body(listed).path("items").forEach(c -> ids.add(c.path("id").asText()));
            assertEquals(List.of(id), ids, listed.toString());

            assertProblem(answer(registration, "registration-get-connector.json"), 404,
                    "There is no connector con-000000000000000000000000.");
        }
    }

    @Test
    void theOAuthFunctionServesItsSampleEvents() throws Exception {
        try (LambdaContainer oauth = container("OAuthCallbackFunction")) {
            assertProblem(answer(oauth, "oauth-callback-start.json"), 404,
                    "There is no connector con-000000000000000000000000.");
            JsonNode page = answer(oauth, "oauth-callback-callback.json");
            assertEquals(400, page.path("statusCode").asInt(), page.toString());
            assertTrue(page.path("headers").path("content-type").asText().startsWith("text/html"), page.toString());
            assertTrue(page.path("body").asText().contains(
                    "This authorization link is not valid or was already used. Start connecting the account again."),
                    page.toString());
        }
    }

    @Test
    void theExecutorFunctionServesItsSampleEvents() throws Exception {
        try (LambdaContainer executor = container("ExecutorFunction")) {
            assertProblem(answer(executor, "executor-list-runs.json"), 404, "There is no job job-000000000000000000000000.");
            assertProblem(answer(executor, "executor-start-run.json"), 404, "There is no job job-000000000000000000000000.");
            JsonNode scheduled = answer(executor, "executor-scheduler-event.json");
            assertEquals("job-000000000000000000000000", scheduled.path("jobId").asText(), scheduled.toString());
            assertEquals("There is no job job-000000000000000000000000.", scheduled.path("skipped").asText(),
                    scheduled.toString());
            JsonNode swept = answer(executor, "executor-sweep-event.json");
            assertEquals("done", swept.path("sweep").asText(), swept.toString());
            assertEquals(0, swept.path("lost").asInt(), swept.toString());
            assertEquals(0, swept.path("neverStarted").asInt(), swept.toString());
        }
        JsonNode skipped = logLine("ExecutorFunction", "Schedule event skipped");
        assertEquals("INFO", skipped.path("level").asText(), skipped.toString());
        assertEquals("executor", skipped.path("service").asText(), skipped.toString());
        assertEquals("job-000000000000000000000000", skipped.path("jobId").asText(), skipped.toString());
        assertFalse(skipped.path("function_request_id").asText().isBlank(), skipped.toString());
        assertTrue(skipped.has("cold_start") && skipped.has("timestamp"), skipped.toString());
    }

    /** The function's log line with {@code message}: one JSON object on one line, as Lambda's JSON log format keeps it. */
    private static JsonNode logLine(String function, String message) throws IOException {
        Path log = Path.of("local/target/packaged", function + ".log");
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains("\"" + message + "\"")) {
                return Json.MAPPER.readTree(line);
            }
        }
        throw new AssertionError("no log line '" + message + "' in " + log + "\n" + containerOutput());
    }

    @Test
    void everySampleEventIsInvokedByThisTest() throws IOException {
        String source = Files.readString(Path.of("local/src/test/java/dev/writeback/local/PackagedFunctionIT.java"));
        try (Stream<Path> events = Files.list(Path.of("events"))) {
            events.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .forEach(n -> assertTrue(source.contains("\"" + n + "\""), n + " is not invoked by the packaged test"));
        }
    }

    @Test
    void eachPackageFitsLambdaAndCarriesOnlyWhatItNeeds() throws IOException {
        for (String function : List.of("RegistrationFunction", "OAuthCallbackFunction", "ExecutorFunction")) {
            Path task = taskDirectory(function);
            long unzipped;
            List<String> jars;
            try (Stream<Path> files = Files.walk(task)) {
                unzipped = files.filter(Files::isRegularFile).mapToLong(PackagedFunctionIT::size).sum();
            }
            try (Stream<Path> lib = Files.list(task.resolve("lib"))) {
                jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertTrue(unzipped < LAMBDA_UNZIPPED_LIMIT,
                    function + " unzips to " + unzipped + " bytes; Lambda takes at most " + LAMBDA_UNZIPPED_LIMIT);
            assertTrue(jars.stream().noneMatch(j -> j.startsWith("junit") || j.startsWith("s3proxy")
                    || j.startsWith("writeback-testing") || j.startsWith("writeback-domo-standin")),
                    function + " carries test libraries: " + jars);
            assertEquals(function.equals("ExecutorFunction"), jars.stream().anyMatch(j -> j.startsWith("calcite-core")),
                    function + ": only the executor carries Calcite: " + jars);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the container

    /**
     * The function's task directory, as {@code sam build} leaves it: the Makefile's target unpacks the package this
     * Maven build made (the function modules package before this module's integration tests run).
     */
    private static synchronized Path taskDirectory(String function) throws IOException {
        Path dir = Path.of("target", "sam-build", function).toAbsolutePath();
        if (BUILT.add(function)) {
            Path out = Files.createDirectories(Path.of("local/target/packaged")).resolve("make-" + function + ".log");
            ProcessBuilder target = new ProcessBuilder("make", "-s", "build-" + function, "ARTIFACTS_DIR=" + dir)
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            target.environment().put("WRITEBACK_PACKAGE_PREBUILT", "1");
            Process make = target.start();
            try {
                if (!make.waitFor(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                    make.destroyForcibly();
                    fail("make build-" + function + " did not finish within " + ANSWER_WITHIN);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (make.exitValue() != 0) {
                fail("make build-" + function + " failed:\n" + Files.readString(out));
            }
        }
        return dir;
    }

    private static LambdaContainer container(String function) throws IOException {
        Path log = Path.of("local/target/packaged", function + ".log");
        Files.createDirectories(log.getParent());
        Map<String, String> env = new LinkedHashMap<>(functionEnvironment(function));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", S3ProxyExtension.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyExtension.SECRET_KEY);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + template.property(function, "Runtime").orElseThrow());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        Map<String, String> logging = template.loggingConfig(function);
        env.put("AWS_LAMBDA_LOG_FORMAT", logging.getOrDefault("LogFormat", "Text").toUpperCase(Locale.ROOT));
        if (logging.containsKey("ApplicationLogLevel")) {
            env.put("AWS_LAMBDA_LOG_LEVEL", logging.get("ApplicationLogLevel"));
        }
        env.put("WRITEBACK_DYNAMODB_ENDPOINT", DYNAMO.endpoint().toString());
        env.put("WRITEBACK_S3_ENDPOINT", S3.endpoint().toString());
        env.put("WRITEBACK_SECRETSMANAGER_ENDPOINT", MOTO.endpoint().toString());
        env.put("WRITEBACK_AWS_ENDPOINT", MOTO.endpoint().toString());
        String handler = template.property(function, "Handler").orElseThrow();
        int memory = Integer.parseInt(template.property(function, "MemorySize").orElseThrow());
        return LambdaContainer.start(new LambdaContainer.Spec(function, handler, lambdaRuntimeClasspath(),
                taskDirectory(function), List.of(), env, false, memory, ANSWER_WITHIN,
                ProcessBuilder.Redirect.to(log.toFile())));
    }

    /**
     * The template's environment for the function: literals as written; each intrinsic ({@code !Ref}, {@code !Sub},
     * …) replaced by what it names on the emulators. A variable the test cannot resolve fails it, so a new one is
     * never passed on unresolved.
     */
    private static Map<String, String> functionEnvironment(String function) {
        Map<String, String> resolved = Map.ofEntries(
                Map.entry("TABLE_NAME", DYNAMO.tableName()),
                Map.entry("BUCKET_NAME", S3.bucket()),
                Map.entry("SECRET_PREFIX", "writeback/packaged/"),
                Map.entry("DOMO_BASE_URL", "https://api.domo.com"),
                Map.entry("OAUTH_REDIRECT_URI", ""),
                Map.entry("SCHEDULE_GROUP", "packaged"),
                Map.entry("SCHEDULE_TARGET_ARN", "arn:aws:lambda:us-east-1:000000000000:function:packaged-executor:live"),
                Map.entry("SCHEDULE_ROLE_ARN", "arn:aws:iam::000000000000:role/packaged-scheduler"),
                Map.entry("SCHEDULE_DEAD_LETTER_ARN", "arn:aws:sqs:us-east-1:000000000000:packaged-schedule-dlq"),
                // the template's defaults: moto's default bus, and no email sender
                Map.entry("EVENT_BUS_NAME", "default"),
                Map.entry("ALERT_EMAIL_SENDER", ""),
                Map.entry("STUDIO_OIDC_ISSUER", "https://login.example.com/packaged"),
                Map.entry("STUDIO_OIDC_CLIENT_ID", "packaged-studio"),
                Map.entry("STUDIO_OIDC_TOKEN_ENDPOINT", ""));
        Map<String, String> env = new LinkedHashMap<>();
        template.environment(function).forEach((name, value) -> {
            if (value.literal()) {
                env.put(name, value.text());
            } else if (resolved.containsKey(name)) {
                env.put(name, resolved.get(name));
            } else {
                fail(function + "'s variable " + name + " is " + value.tag() + " " + value.text()
                        + " in template.yaml; the packaged test needs a value for it on the emulators");
            }
        });
        assertTrue(env.containsKey("JAVA_TOOL_OPTIONS"), function + " has JAVA_TOOL_OPTIONS in template.yaml");
        return env;
    }

    /** Lambda's runtime: the runtime interface client and what it needs, never the function's own jars. */
    private static List<String> lambdaRuntimeClasspath() throws IOException {
        Path dir = Path.of(System.getProperty("writeback.lambdaRuntime", "local/target/lambda-runtime"));
        try (Stream<Path> jars = Files.list(dir)) {
            List<String> classpath = jars.map(Path::toString).filter(j -> j.endsWith(".jar")).sorted().toList();
            assertFalse(classpath.isEmpty(), "no runtime interface client in " + dir);
            return classpath;
        }
    }

    // ---- answers

    private static JsonNode answer(LambdaContainer container, String eventFile) throws IOException {
        LambdaContainer.Result result = container.invoke(Files.readAllBytes(Path.of("events", eventFile)));
        JsonNode answer = Json.MAPPER.readTree(result.text());
        if (result.error()) {
            fail(eventFile + " → the function failed: " + answer + "\n" + containerOutput());
        }
        return answer;
    }

    private static String containerOutput() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> logs = Files.list(Path.of("local/target/packaged"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                out.append("--- ").append(log).append(" (last lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
            }
        } catch (IOException e) {
            out.append("(no container output: ").append(e).append(')');
        }
        return out.toString();
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return Json.MAPPER.readTree(response.path("body").asText());
    }

    private static void assertProblem(JsonNode response, int status, String detail) throws IOException {
        assertEquals(status, response.path("statusCode").asInt(), response.toString());
        assertEquals("application/problem+json", response.path("headers").path("content-type").asText(),
                response.toString());
        JsonNode problem = body(response);
        assertEquals(status, problem.path("status").asInt(), problem.toString());
        assertEquals(detail, problem.path("detail").asText(), problem.toString());
    }
}
