package dev.writeback.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.api.CallerResolver;
import dev.writeback.aws.dynamo.DynamoDocumentTable;
import dev.writeback.aws.s3.S3BlobStore;
import dev.writeback.aws.scheduler.EventBridgeJobScheduler;
import dev.writeback.aws.secrets.SecretsManagerVault;
import dev.writeback.core.Services;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.agreement.UserAgreement;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobService.JobRequest;
import dev.writeback.core.job.Schedule;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunError;
import dev.writeback.core.run.RunProgress;
import dev.writeback.core.run.RunService;
import dev.writeback.core.run.RunStatus;
import dev.writeback.domo.DomoDatasetAccess;
import dev.writeback.domo.DomoTokenVerifier;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.domo.standin.DomoStandin;
import dev.writeback.domo.standin.Fault;
import dev.writeback.domo.standin.StandinDataset;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.HttpPolicy;
import dev.writeback.script.ScriptLimits;
import dev.writeback.sql.CalciteDataPlaneFactory;
import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.aws.MotoExtension;
import dev.writeback.testing.aws.S3ProxyExtension;
import dev.writeback.testing.aws.SchedulerFiring;
import dev.writeback.testing.openapi.OpenApiContract;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor driven with real event JSON (HTTP API, run and schedule events) over the AWS adapters on
 * loopback servers (dynalite, S3Proxy, moto for Secrets Manager and EventBridge Scheduler), the Domo stand-in,
 * GraalJS and Calcite. What each test checks is what a user reads in the run record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorIT {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = new DynaliteExtension();
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();

    private static final Caller ALICE = new Caller("acme", "alice", Set.of(Role.AUTHOR));
    private static final Caller BOB = new Caller("acme", "bob", Set.of());
    private static final Caller RITA = new Caller("acme", "rita", Set.of(Role.REVIEWER));
    private static final String AUTH_JS = "auth.authenticationSuccess();";

    /** The wall clock moved on by what a test asks (a lease that must expire). */
    static final class MovableClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset); }
    }

    static final MovableClock CLOCK = new MovableClock();
    static final List<String> LAUNCHED = new CopyOnWriteArrayList<>();
    static DomoStandin domo;
    /** A third-party target whose answers the test releases one at a time, to hold a run mid-way. */
    static LoopbackServer heldTarget;
    static final BlockingQueue<CountDownLatch> HELD = new LinkedBlockingQueue<>();
    static GraalScriptRunner scripts;
    static Services services;
    static ExecutorHandler executor;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("contacts.csv");
        Files.writeString(csv, "Ann,1.5\nBob,2.0\nCy,3.25\n");
        domo = DomoStandin.builder().client("domo-key", "domo-secret", "data")
                .dataset(new StandinDataset("ds-contacts", "Contacts", null, null, null,
                        List.of(new StandinDataset.StandinColumn("name", "STRING"),
                                new StandinDataset.StandinColumn("amount", "DOUBLE")), csv, 3, null, null, null))
                .start();
        DynamoDocumentTable.createTable(DYNAMO.client(), DYNAMO.tableName());
        heldTarget = LoopbackServer.start(exchange -> {
            CountDownLatch answer = new CountDownLatch(1);
            HELD.add(answer);
            try {
                LoopbackServer.body(exchange);
                answer.await();
                LoopbackServer.reply(exchange, 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        scripts = new GraalScriptRunner(ScriptLimits.defaults(),
                HttpPolicy.defaults().withInternalTargets(Set.of(heldTarget.hostPort())));
        services = services();
        executor = new ExecutorHandler(ExecutorWiring.of(services, CallerResolver.trustingHeaders()));
    }

    /** One container's wiring over the shared stores; runs started over HTTP are recorded, as Lambda queues the async invoke. */
    static Services services() {
        URI domoUri = domo.baseUri();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return Services.builder()
                .table(new DynamoDocumentTable(DYNAMO.client(), DYNAMO.tableName()))
                .blobs(new S3BlobStore(S3.client(), S3.bucket(), ""))
                .vault(new SecretsManagerVault(AWS.secretsManager(), "writeback/"))
                .scripts(scripts)
                .domoVerifier(new DomoTokenVerifier(domoUri, http, CLOCK, RetryPolicy.defaults()))
                .dataPlanes(new CalciteDataPlaneFactory(domoUri))
                .datasetAccess(new DomoDatasetAccess(domoUri, http, CLOCK, RetryPolicy.defaults()))
                .scheduler(new EventBridgeJobScheduler(AWS.scheduler(), "default",
                        "arn:aws:lambda:us-east-1:" + AWS.accountId() + ":function:executor:live",
                        "arn:aws:iam::" + AWS.accountId() + ":role/scheduler"))
                .runLauncher(s -> run -> LAUNCHED.add(run.id()))
                .cancelPollInterval(Duration.ofMillis(200))
                .clock(CLOCK).domoBaseUrl(domoUri.toString())
                .build();
    }

    /** Last: what the description promises a client, the journey saw sent (each answer's check saw nothing else). */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyDocumentedPropertyOfWhatTheJourneyReadWasSent() {
        for (String schema : List.of("Run", "RunError", "DataGrid")) {
            assertEquals(Set.of(), OpenApiContract.repository().unseen(schema), schema + ": documented, never sent");
        }
    }

    @AfterAll
    static void stop() {
        HELD.forEach(CountDownLatch::countDown);
        heldTarget.close();
        scripts.close();
        domo.close();
    }

    // ---------------------------------------------------------------- helpers

    /** A published connector with this processing script, Bob's account and a job reading ds-contacts. */
    static Job job(String processJs, Schedule schedule) {
        var connectors = services.connectors();
        services.agreements().accept(ALICE, UserAgreement.CURRENT_VERSION);
        String id = connectors.create(ALICE, "Contacts sync", "Writes contacts").connectorId();
        connectors.update(ALICE, id, null, null, null, List.of(),
                List.of(new Parameter("datasetId", Parameter.Type.STRING, "Input DataSet", true, null)));
        connectors.setDomoClient(ALICE, id, "domo-key", "domo-secret");
        connectors.setAuthentication(ALICE, id, new Authentication(AuthType.API_KEY, null, List.of(), false), null);
        connectors.putScript(ALICE, id, ScriptKind.AUTH, AUTH_JS);
        connectors.putScript(ALICE, id, ScriptKind.PROCESS, processJs);
        connectors.submit(ALICE, id, Visibility.PRIVATE);
        connectors.approve(RITA, id);
        String account = services.accounts().connect(BOB, id, "Bob's key", Map.of("apikey", "key-123")).id();
        return services.jobs().create(BOB, new JobRequest(id, account, "Nightly", null, Map.of("datasetId", "ds-contacts"),
                schedule, null));
    }

    static JsonNode invoke(String eventJson, Duration remaining) throws Exception {
        return invoke(executor, eventJson, remaining);
    }

    static JsonNode invoke(ExecutorHandler handler, String eventJson, Duration remaining) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                TestLambdaContext.remaining(remaining));
        JsonNode reply = Json.MAPPER.readTree(out.toByteArray());
        JsonNode http = Json.MAPPER.readTree(eventJson).path("requestContext").path("http");
        if (http.has("method")) {
            checkDocumented(http.path("method").asText(), http.path("path").asText(), reply);
        }
        return reply;
    }

    /** An HTTP API answer must be what openapi.yaml documents for its route and status. */
    private static void checkDocumented(String method, String path, JsonNode reply) {
        Map<String, String> headers = new LinkedHashMap<>();
        reply.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String body = reply.path("body").asText("");
        OpenApiContract.repository().check(method, path, reply.path("statusCode").asInt(), headers,
                reply.path("isBase64Encoded").asBoolean() ? Base64.getDecoder().decode(body)
                        : body.getBytes(StandardCharsets.UTF_8));
    }

    /** An HTTP API (payload 2.0) event from Bob. */
    static String http(String method, String routeKey, String path, Map<String, String> pathParameters) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", Map.of("x-writeback-company", "acme", "x-writeback-user", "bob"));
        event.put("pathParameters", pathParameters);
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path), "requestId", "r-1",
                "routeKey", method + " " + routeKey, "stage", "$default"));
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    static JsonNode get(String path, String routeKey, String id) throws Exception {
        return invoke(http("GET", routeKey, path, Map.of("id", id)), Duration.ofSeconds(30));
    }

    static Run run(String runId) throws Exception {
        JsonNode reply = get("/runs/" + runId, "/runs/{id}", runId);
        assertEquals(200, reply.path("statusCode").asInt(), reply.toString());
        return Json.MAPPER.readValue(reply.path("body").asText(), Run.class);
    }

    static String runEvent(String runId) {
        return new String(ExecutorHandler.runEvent(runId), StandardCharsets.UTF_8);
    }

    /** Starts a run over HTTP and returns its id (the run is QUEUED: its run event is the test's to deliver). */
    static String startOverHttp(Job job) throws Exception {
        JsonNode reply = invoke(http("POST", "/jobs/{id}/runs", "/jobs/" + job.id() + "/runs", Map.of("id", job.id())),
                Duration.ofSeconds(30));
        assertEquals(202, reply.path("statusCode").asInt(), reply.toString());
        Run queued = Json.MAPPER.readValue(reply.path("body").asText(), Run.class);
        assertEquals(RunStatus.QUEUED, queued.status());
        assertEquals("/runs/" + queued.id(), reply.path("headers").path("location").asText());
        assertTrue(LAUNCHED.contains(queued.id()), "the run was handed to the launcher");
        return queued.id();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aRunStartedOverHttpAnswers202AndItsRunEventLeavesTheRecord() throws Exception {
        Job job = job("var d = DOMO.getDataset(metadata.parameters.datasetId).queryData("
                + "'select name, amount from tbl where amount >= 2 order by name');\n"
                + "datagrid.addColumn('name', datagrid.DATA_TYPE_STRING);\n"
                + "d.rows.forEach(function (r) { datagrid.addCell(r[0]); datagrid.endRow(); });\n"
                + "DOMO.log('wrote ' + d.numRows + ' rows');", null);

        String runId = startOverHttp(job);
        JsonNode executed = invoke(runEvent(runId), Duration.ofMinutes(15));

        assertEquals("SUCCEEDED", executed.path("status").asText());
        Run run = run(runId);
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(3, run.rowsRead());
        assertEquals(2, run.rowsWritten());
        assertEquals(List.of(List.of("Bob"), List.of("Cy")), run.output().rows());
        assertNull(run.error());
        assertEquals("wrote 2 rows\n", get("/runs/" + runId + "/log", "/runs/{id}/log", runId).path("body").asText());

        // Lambda retries an async invoke it thinks failed: the second delivery executes nothing
        JsonNode again = invoke(runEvent(runId), Duration.ofMinutes(15));
        assertEquals("SUCCEEDED", again.path("status").asText());
        assertEquals(run, run(runId));
    }

    @Test
    void aSchedulerFiringRunsTheJobOnceEvenWhenSchedulerRetriesItsDelivery() throws Exception {
        Job job = job("DOMO.log('scheduled run');", new Schedule("rate(1 hour)", "UTC"));
        var schedule = AWS.scheduler().getSchedule(b -> b.name("writeback-" + job.id()).groupName("default"));
        Instant firing = Instant.parse("2025-03-01T10:00:00Z");
        // Scheduler's own retry of the invocation: a new execution id and attempt number, the same firing
        String event = SchedulerFiring.deliveredInput(schedule, firing, "d32c5kddcf5bb8c3", 1);
        String retried = SchedulerFiring.deliveredInput(schedule, firing, "f09a6e1b27c4d853", 2);

        JsonNode first = invoke(event, Duration.ofMinutes(15));
        JsonNode second = invoke(retried, Duration.ofMinutes(15));

        String eventId = "writeback-" + job.id() + "-20250301T100000Z";
        assertEquals("run-sched-" + eventId, first.path("runId").asText());
        assertEquals("SUCCEEDED", first.path("status").asText());
        assertEquals(false, first.path("duplicate").asBoolean());
        assertEquals("run-sched-" + eventId, second.path("runId").asText());
        assertEquals(true, second.path("duplicate").asBoolean());
        JsonNode list = Json.MAPPER.readTree(get("/jobs/" + job.id() + "/runs", "/jobs/{id}/runs", job.id()).path("body").asText());
        assertEquals(1, list.path("items").size());
        assertEquals("SCHEDULE", list.path("items").get(0).path("trigger").asText());
        assertEquals(eventId, list.path("items").get(0).path("triggerId").asText());

        // the next firing is another run
        JsonNode next = invoke(SchedulerFiring.deliveredInput(schedule, firing.plusSeconds(3600), "0c1d2e3f4a5b6c7d", 1),
                Duration.ofMinutes(15));
        assertEquals("run-sched-writeback-" + job.id() + "-20250301T110000Z", next.path("runId").asText());
        assertEquals(false, next.path("duplicate").asBoolean());
    }

    @Test
    void theAccountsKeyWrittenIntoTheDatagridStateAndLogReadsBackAsMasksThroughTheRunApis() throws Exception {
        Job job = job("var key = metadata.account.apikey;\n"
                + "datagrid.addColumn('token', datagrid.DATA_TYPE_STRING);\n"
                + "datagrid.addCell('Bearer ' + key); datagrid.endRow();\n"
                + "datagrid.addCell(DOMO.b64EncodeUnicode(key)); datagrid.endRow();\n"
                + "DOMO.setState('token', key);\n"
                + "DOMO.log('calling with ' + key);", null);

        String runId = startOverHttp(job);
        invoke(runEvent(runId), Duration.ofMinutes(15));

        Run run = run(runId);
        assertEquals(RunStatus.SUCCEEDED, run.status());
        assertEquals(List.of(List.of("Bearer ***"), List.of("***")), run.output().rows());
        JsonNode list = Json.MAPPER.readTree(get("/jobs/" + job.id() + "/runs", "/jobs/{id}/runs", job.id()).path("body").asText());
        assertEquals("Bearer ***", list.path("items").get(0).path("output").path("rows").get(0).get(0).asText());
        assertEquals("calling with ***\n", get("/runs/" + runId + "/log", "/runs/{id}/log", runId).path("body").asText());
        assertEquals("token\nBearer ***\n***\n", new String(S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket())
                .key(run.outputKey())).asByteArray(), StandardCharsets.UTF_8));
        assertEquals(Map.of("token", "***"), services.jobRepository().state(job.id()).values());
    }

    @Test
    void datagridErrorsCodeIsInTheRunRecordTheApiAnswers() throws Exception {
        Job job = job("if (metadata.report !== 'Deals') {\n  datagrid.error(3, metadata.report + ' is not a supported report.');\n}", null);
        String runId = startOverHttp(job);
        invoke(runEvent(runId), Duration.ofMinutes(15));

        JsonNode error = Json.MAPPER.readTree(get("/runs/" + runId, "/runs/{id}", runId).path("body").asText()).path("error");
        assertEquals(3, error.path("code").asInt(), error.toString());
        assertEquals("DATAGRID_ERROR", error.path("kind").asText(), error.toString());
        assertEquals(2, error.path("line").asInt(), error.toString());
    }

    @Test
    void aScriptErrorIsRecordedWithScriptLineColumnAndMessage() throws Exception {
        Job job = job("var contacts = null;\nDOMO.log('before');\n  contacts.forEach(function (c) { });", null);

        String runId = startOverHttp(job);
        invoke(runEvent(runId), Duration.ofMinutes(15));

        Run run = run(runId);
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(new RunError("script", "RUNTIME",
                "TypeError: Cannot read property 'forEach' of null", "process.js", 3, 3), run.error());
    }

    @Test
    void aDomoFailureIsRecordedAtTheDomoStepWithDomosMessage() throws Exception {
        Job job = job("var d = DOMO.getDataset(metadata.parameters.datasetId).queryData('select * from tbl');", null);
        // Retry-After: 0, so that the six attempts are made without the backoff's seconds of waiting
        domo.failNext("/v1/datasets/ds-contacts", 10, new Fault(500, Map.of("Retry-After", "0"), null));

        String runId = startOverHttp(job);
        invoke(runEvent(runId), Duration.ofMinutes(15));

        Run run = run(runId);
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals("domo", run.error().stage());
        assertEquals("upstream-failure", run.error().kind());
        assertTrue(run.error().message().matches("Could not get DataSet ds-contacts at Domo after 6 attempts; last answer: "
                + "HTTP 500 Internal Server Error: Scripted failure from the Domo stand-in \\(toe \\w+\\)"), run.error().message());
        assertEquals("process.js", run.error().script());
        assertEquals(1, run.error().line());
    }

    @Test
    void aScriptRunningPastTheLambdasTimeIsRecordedTimedOut() throws Exception {
        Job job = job("DOMO.log('looping');\nfor (;;) { }", null);

        String runId = startOverHttp(job);
        // 12 s left: the executor keeps 10 s back to write the record, so the script has 2 s
        JsonNode executed = invoke(runEvent(runId), Duration.ofSeconds(12));

        assertEquals("TIMED_OUT", executed.path("status").asText());
        Run run = run(runId);
        assertEquals(RunStatus.TIMED_OUT, run.status());
        assertEquals("script", run.error().stage());
        assertEquals("DEADLINE", run.error().kind());
        assertTrue(run.error().message().matches("script exceeded its deadline \\(the run's time ran out at \\S+Z\\)"),
                run.error().message());
        assertEquals(2, run.error().line());
        assertEquals("looping\n[script] process.js:2:1: " + run.error().message() + "\n",
                get("/runs/" + runId + "/log", "/runs/{id}/log", runId).path("body").asText());
    }

    @Test
    void whileARunIsRunningItsRecordShowsGrowingProgressThatTheFinalCountsReplace() throws Exception {
        Job job = job("""
                var data = DOMO.getDataset(metadata.parameters.datasetId).queryData('select name from tbl');
                datagrid.addColumn('name', datagrid.DATA_TYPE_STRING);
                data.rows.forEach(function (r) { datagrid.addCell(r[0]); datagrid.endRow(); });
                for (var i = 0; i < 3; i++) {
                  httprequest.post('%s/batches', 'batch ' + i);
                }
                """.formatted(heldTarget.baseUri()), null);
        String runId = startOverHttp(job);
        Thread executing = Thread.ofPlatform().start(() -> {
            try {
                invoke(runEvent(runId), Duration.ofMinutes(15));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        CountDownLatch first = nextHeldRequest();
        Run held = awaitRun(runId, r -> r.progress() != null && r.progress().rowsWritten() == 3,
                "a progress report with the rows while the first request is held");
        assertEquals(RunStatus.RUNNING, held.status());
        assertEquals(new RunProgress(3, 3, 0, 0, held.progress().updatedAt()), held.progress(),
                "3 rows read and written, no request answered yet");
        JsonNode listed = get("/jobs/" + job.id() + "/runs", "/jobs/{id}/runs", job.id());
        JsonNode inList = Json.MAPPER.readTree(listed.path("body").asText()).path("items").get(0);
        assertEquals(runId, inList.path("id").asText());
        assertEquals(3, inList.path("progress").path("rowsRead").asLong(), "the job's run list shows it too");

        first.countDown();
        CountDownLatch second = nextHeldRequest();
        Run later = awaitRun(runId, r -> r.progress() != null && r.progress().requests() == 1,
                "a report after the first request was answered");
        assertEquals(new RunProgress(3, 3, 1, "batch 0".length(), later.progress().updatedAt()), later.progress());
        assertTrue(later.progress().updatedAt().isAfter(held.progress().updatedAt()), "a newer report");

        second.countDown();
        nextHeldRequest().countDown();
        executing.join();
        Run done = run(runId);
        assertEquals(RunStatus.SUCCEEDED, done.status());
        assertNull(done.progress(), "the final counts replace the progress report");
        assertEquals(3, done.requests());
        assertEquals(3L * "batch 0".length(), done.bytesWritten());
        assertEquals(3, done.rowsWritten());
    }

    /** The answer of the next request the held target received, to release it. */
    static CountDownLatch nextHeldRequest() throws InterruptedException {
        CountDownLatch answer = HELD.poll(1, TimeUnit.MINUTES);
        if (answer == null) {
            throw new AssertionError("the script sent no further request to the held target");
        }
        return answer;
    }

    /** The run as GET /runs/{id} answers it, once it is as {@code wanted} says (read again until then, for a minute). */
    static Run awaitRun(String runId, Predicate<Run> wanted, String what) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
        Run r = run(runId);
        while (!wanted.test(r)) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("the run never showed " + what + ": " + r);
            }
            Thread.sleep(50);
            r = run(runId);
        }
        return r;
    }

    @Test
    void cancellingARunningScriptFromAnotherContainerStopsIt() throws Exception {
        Job job = job("DOMO.log('started');\nvar i = 0;\nfor (;;) { i++; }", null);
        String runId = startOverHttp(job);
        Thread executing = Thread.ofPlatform().start(() -> {
            try {
                invoke(runEvent(runId), Duration.ofMinutes(15));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (run(runId).status() == RunStatus.QUEUED) {
            Thread.sleep(50);
        }

        // the cancel request reaches another container, which only writes the run record
        ExecutorHandler other = new ExecutorHandler(ExecutorWiring.of(services(), CallerResolver.trustingHeaders()));
        JsonNode asked = invoke(other, http("POST", "/runs/{id}/cancel", "/runs/" + runId + "/cancel", Map.of("id", runId)),
                Duration.ofSeconds(30));
        assertEquals(200, asked.path("statusCode").asInt(), asked.toString());
        executing.join();

        Run run = run(runId);
        assertEquals(RunStatus.CANCELLED, run.status());
        assertEquals("bob", run.cancelRequestedBy());
        assertEquals("script", run.error().stage());
        assertEquals("CANCELLED", run.error().kind());
        assertEquals("The run was cancelled by bob at " + run.cancelRequestedAt(), run.error().message());
    }

    @Test
    void aRunWhoseContainerDiedIsEndedLostByTheSweepEventOnceItsLeasePassed() throws Exception {
        Job job = job("DOMO.log('never finishes');", null);
        String runId = startOverHttp(job);
        // what a container that crashed mid-run leaves behind: RUNNING, with a lease it no longer renews
        var repo = services.runRepository();
        Instant lease = CLOCK.instant().plus(RunService.LEASE);
        repo.update(repo.get(runId).toBuilder().status(RunStatus.RUNNING).startedAt(CLOCK.instant()).leaseExpiresAt(lease).build());
        JsonNode early = invoke("{\"source\":\"writeback.sweep\"}", Duration.ofMinutes(1));
        assertEquals("done", early.path("sweep").asText(), early.toString());
        assertEquals(RunStatus.RUNNING, run(runId).status(), "its lease has not passed");

        CLOCK.offset = RunService.LEASE.plusSeconds(1);
        try {
            assertEquals(RunStatus.RUNNING, run(runId).status(), "reading it ends nothing: the sweep does");
            JsonNode swept = invoke("{\"source\":\"writeback.sweep\"}", Duration.ofMinutes(1));
            assertTrue(swept.path("lost").asInt() >= 1, swept.toString());
            Run run = run(runId);
            assertEquals(RunStatus.FAILED, run.status());
            assertEquals("lost", run.error().stage());
            assertTrue(run.error().message().startsWith("The executor stopped during the run (its lease expired at "
                    + lease + " without being renewed)"), run.error().message());
            // a late retry of its run event does not bring it back
            assertEquals("FAILED", invoke(runEvent(runId), Duration.ofMinutes(15)).path("status").asText());
        } finally {
            CLOCK.offset = Duration.ZERO;
        }
    }

    @Test
    void aJobWhoseInputDatasetDomoDoesNotKnowIsRefused() {
        Job readable = job("DOMO.log('x');", null);
        UnprocessableException refused = assertThrows(UnprocessableException.class,
                () -> services.jobs().create(BOB, new JobRequest(readable.connectorId(), readable.accountId(), null, null,
                        Map.of("datasetId", "ds-missing"), null, null)));
        // Domo's own message ends with its trace id, which changes with every answer
        assertTrue(refused.getMessage().startsWith("DataSet 'ds-missing' cannot be read with the connector's Domo client"
                + " domo-key: Domo DataSet 'ds-missing' was not found: HTTP 404 Not Found: DataSet ds-missing was not found"),
                refused.getMessage());
    }
}
