package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.api.CallerResolver;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.local.client.WritebackClient;
import dev.writeback.testing.openapi.OpenApiContract;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An author test-runs a draft connector through Writeback's HTTP API on the embedded default: its auth script with
 * good and bad account fields given inline, its processing script live against a third-party API on loopback (the
 * record's exchanges are what that server received, the API key masked), dry with canned responses (the server
 * receives nothing), with a row cap, and as a published version beside a real job whose state it leaves alone.
 * Every answer is checked against openapi.yaml.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DraftTestRunJourneyIT {
    private static final String DATASET = "4e1b7c2a-8f3d-4a6e-9b21-5d0c6f7e8a90";
    private static final String API_KEY = "s3cr3t-api-key-42";
    private static final String PROCESS_JS = """
            var key = metadata.account.apiKey;
            DOMO.log('state before: ' + DOMO.getState('cursor'));
            var r = DOMO.getDataset(metadata.parameters.datasetId)
                .queryData("select id, user_name from tbl where action = 'open' order by id");
            httprequest.addHeader('Authorization', 'Bearer ' + key);
            httprequest.addHeader('Content-Type', 'application/json');
            var reply = httprequest.post(metadata.account.baseUrl + '/v1/rows?key=' + key,
                JSON.stringify({token: key, rows: r.rows}));
            DOMO.log('posted ' + r.numRows + ' rows with ' + key + ': HTTP ' + httprequest.getStatusCode() + ' '
                + httprequest.getResponseHeader('X-Answer') + ' ' + reply);
            httprequest.clearHeaders();
            var ping = httprequest.get(metadata.account.baseUrl + '/v1/ping');
            DOMO.log('ping: HTTP ' + httprequest.getStatusCode() + ' ' + ping);
            if (metadata.parameters.push === 'http') {
              var w = DOMO.writeTo(metadata.parameters.datasetId, "select id, user_name, amount from tbl where action = 'open' order by id",
                  {target: {type: 'http', url: metadata.account.baseUrl + '/v1/batches', batchSize: 10}});
              DOMO.log('writeTo: ' + w.rows + ' rows, ' + w.bytes + ' bytes');
            }
            DOMO.setState('cursor', 'after-' + r.rows[r.numRows - 1][0]);
            datagrid.addColumn('id', datagrid.DATA_TYPE_STRING);
            r.rows.forEach(function (row) { datagrid.addCell(String(row[0])); datagrid.endRow(); });
            """;

    /** One request the third-party API received. */
    record Received(String method, String uri, Map<String, List<String>> headers, String body) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static LoopbackServer thirdParty;
    private static LocalPlatform platform;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        thirdParty = LoopbackServer.start(ex -> {
            String body = new String(LoopbackServer.body(ex), StandardCharsets.UTF_8);
            RECEIVED.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
                    body));
            ex.getResponseHeaders().add("X-Answer", "live");
            LoopbackServer.json(ex, 200, ex.getRequestURI().getPath().equals("/v1/ping") ? "{\"pong\":true}" : "{\"stored\":true}");
        });
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-test-runs-it"),
                Path.of("samples/datasets"), 0, 0, 0, Set.of(thirdParty.hostPort())));
        new WritebackClient(platform.api().baseUri(), "acme", "alice", "author").acceptUserAgreement();
    }

    @AfterAll
    static void stop() {
        platform.close();
        thirdParty.close();
    }

    /** An answer of the API, checked against the description. */
    record Answer(int status, JsonNode body) {
    }

    private static Answer call(String company, String user, String roles, String method, String path, Object body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(platform.api().baseUri() + path))
                .header(CallerResolver.COMPANY_HEADER, company).header(CallerResolver.USER_HEADER, user)
                .header(CallerResolver.ROLES_HEADER, roles);
        if (body != null) {
            b.header("content-type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        OpenApiContract.repository().check(method, path, r.statusCode(), r.headers().firstValue("content-type").orElse(null), r.body());
        return new Answer(r.statusCode(), r.body().length == 0 ? null : Json.MAPPER.readTree(r.body()));
    }

    private static Answer author(String method, String path, Object body) throws Exception {
        return call("acme", "alice", "author", method, path, body);
    }

    private static JsonNode ok(Answer a, int status) {
        assertEquals(status, a.status(), String.valueOf(a.body()));
        return a.body();
    }

    /** A draft: custom fields baseUrl and apiKey (secret), the sample auth script, and a processing script. */
    private static String draft(String processScript) throws Exception {
        String id = ok(author("POST", "/connectors", Map.of("name", "Rows to an API")), 201).path("connectorId").asText();
        ok(author("PATCH", "/connectors/" + id, Map.of("reports", List.of("Opened"), "parameters", List.of(
                Map.of("name", "datasetId", "type", "STRING", "required", true),
                Map.of("name", "push", "type", "DROPDOWN", "options", List.of("none", "http"))))), 200);
        ok(author("PUT", "/connectors/" + id + "/domo-client", Map.of("clientKey", platform.domoClientId(),
                "clientSecret", platform.domoClientSecret())), 200);
        ok(author("PUT", "/connectors/" + id + "/authentication", Map.of("authentication", Map.of("type", "CUSTOM",
                "fields", List.of(Map.of("key", "baseUrl", "label", "API URL"),
                        Map.of("key", "apiKey", "label", "API key", "password", true))))), 200);
        WritebackClient scripts = new WritebackClient(platform.api().baseUri(), "acme", "alice", "author");
        scripts.putBytes("/connectors/" + id + "/scripts/auth", "application/javascript",
                Files.readAllBytes(Path.of("samples/connectors/file-drop/auth.js")));
        if (processScript != null) {
            scripts.putBytes("/connectors/" + id + "/scripts/process", "application/javascript",
                    processScript.getBytes(StandardCharsets.UTF_8));
        }
        return id;
    }

    private static Map<String, String> thirdPartyFields() {
        return Map.of("baseUrl", thirdParty.baseUri().toString(), "apiKey", API_KEY);
    }

    private static JsonNode awaitTestRun(String company, String id) throws Exception {
        return awaitTestRun(company, "alice", "author", id);
    }

    private static JsonNode awaitTestRun(String company, String user, String roles, String id) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode run = ok(call(company, user, roles, "GET", "/test-runs/" + id, null), 200);
        while (Set.of("QUEUED", "RUNNING").contains(run.path("status").asText())) {
            assertTrue(System.nanoTime() < end, "test run " + id + " has not ended: " + run);
            Thread.sleep(100);
            run = ok(call(company, user, roles, "GET", "/test-runs/" + id, null), 200);
        }
        return run;
    }

    private static JsonNode testRun(String connectorId, Map<String, Object> request) throws Exception {
        JsonNode queued = ok(author("POST", "/connectors/" + connectorId + "/test-runs", request), 202);
        assertEquals("QUEUED", queued.path("status").asText());
        return awaitTestRun("acme", queued.path("id").asText());
    }

    private static Map<String, Object> process(String mode, Map<String, String> parameters) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("script", "process");
        request.put("mode", mode);
        request.put("fields", thirdPartyFields());
        request.put("report", "Opened");
        request.put("parameters", parameters);
        return request;
    }

    @Test
    @Order(1)
    void anAuthTestRunWithGoodFieldsSucceedsAndWithABadKeyFailsWithTheScriptsMessage() throws Exception {
        String id = draft(null);
        String fileDrop = platform.fileDrop().baseUri().toString();

        JsonNode good = testRun(id, Map.of("script", "auth", "fields", Map.of("baseUrl", fileDrop, "apiKey", platform.fileDropKey())));
        assertEquals("SUCCEEDED", good.path("status").asText(), good.toString());
        assertTrue(good.path("outcome").path("authenticated").asBoolean(), good.toString());
        assertEquals(List.of("authenticated as File Drop (local)"), texts(good.path("log")));
        JsonNode whoami = good.path("exchanges").get(0);
        assertEquals("GET " + fileDrop + "/v1/whoami → 200", whoami.path("method").asText() + " " + whoami.path("url").asText()
                + " → " + whoami.path("status").asInt());
        assertEquals("[\"Bearer ***\"]", header(whoami.path("requestHeaders"), "Authorization"));
        assertTrue(good.path("settings").path("inlineFields").asBoolean());
        assertFalse(good.toString().contains(platform.fileDropKey()), "the key is masked everywhere");

        JsonNode bad = testRun(id, Map.of("script", "auth", "fields", Map.of("baseUrl", fileDrop, "apiKey", "wrong-key-1")));
        assertEquals("FAILED", bad.path("status").asText(), bad.toString());
        assertFalse(bad.path("outcome").path("authenticated").asBoolean());
        assertEquals("The File Drop store refused the API key (HTTP 401).", bad.path("outcome").path("message").asText());
        assertEquals(401, bad.path("exchanges").get(0).path("status").asInt());
        assertEquals(List.of(), texts(bad.path("log")));
    }

    @Test
    @Order(2)
    void aLiveProcessTestRunRecordsExactlyWhatTheServerReceivedWithTheKeyMasked() throws Exception {
        String id = draft(PROCESS_JS);
        RECEIVED.clear();

        JsonNode run = testRun(id, process("live", Map.of("datasetId", DATASET)));

        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(2, RECEIVED.size(), RECEIVED.toString());
        assertEquals(2, run.path("exchanges").size());
        for (int i = 0; i < 2; i++) {
            Received got = RECEIVED.get(i);
            JsonNode recorded = run.path("exchanges").get(i);
            assertEquals(got.method(), recorded.path("method").asText());
            assertEquals(thirdParty.baseUri() + got.uri().replace(API_KEY, "***"), recorded.path("url").asText());
            assertEquals(got.body().replace(API_KEY, "***"), recorded.path("requestBody").asText(""));
            assertEquals(got.body().getBytes(StandardCharsets.UTF_8).length, recorded.path("requestBytes").asLong());
            recorded.path("requestHeaders").fields().forEachRemaining(h -> assertEquals(
                    headerValues(got, h.getKey()).stream().map(v -> v.replace(API_KEY, "***")).toList(), texts(h.getValue()),
                    "header " + h.getKey() + " as sent"));
            assertEquals(200, recorded.path("status").asInt());
            assertFalse(recorded.path("stubbed").asBoolean());
        }
        assertTrue(RECEIVED.get(0).body().contains(API_KEY), "the script's own request carries the key unchanged");
        assertEquals("[\"Bearer ***\"]", header(run.path("exchanges").get(0).path("requestHeaders"), "Authorization"));
        assertEquals("{\"stored\":true}", run.path("exchanges").get(0).path("responseBody").asText());
        assertEquals("[\"live\"]", header(run.path("exchanges").get(0).path("responseHeaders"), "X-Answer"));
        assertEquals(List.of("state before: null", "posted 16 rows with ***: HTTP 200 live {\"stored\":true}",
                "ping: HTTP 200 {\"pong\":true}"), texts(run.path("log")));
        assertFalse(run.toString().contains(API_KEY), "the key is masked everywhere in the record");

        JsonNode query = run.path("queries").get(0);
        assertEquals(16, query.path("rows").asLong());
        assertFalse(query.path("rowLimitReached").asBoolean());
        assertEquals(DATASET, query.path("datasetId").asText());
        assertEquals(16, run.path("datagrid").path("rows").size());
        assertEquals("{\"cursor\":\"after-" + run.path("datagrid").path("rows").get(15).get(0).asText() + "\"}",
                run.path("state").toString());

        JsonNode listed = ok(author("GET", "/connectors/" + id + "/test-runs", null), 200);
        assertEquals(run.path("id").asText(), listed.path("items").get(0).path("id").asText(), "newest first");
    }

    @Test
    @Order(3)
    void aDryTestRunSendsNothingAndAnswersWithTheCannedResponsesAndPreviewsItsWrites() throws Exception {
        String id = draft(PROCESS_JS);
        String rows = thirdParty.baseUri() + "/v1/rows*";
        Map<String, Object> request = process("dry", Map.of("datasetId", DATASET, "push", "http"));
        request.put("responses", List.of(Map.of("method", "POST", "urlPattern", rows, "status", 201,
                "headers", Map.of("X-Answer", "canned"), "body", "{\"stored\":16}")));
        RECEIVED.clear();

        JsonNode dry = testRun(id, request);

        assertEquals("SUCCEEDED", dry.path("status").asText(), dry.toString());
        assertEquals(List.of(), RECEIVED, "nothing left the platform");
        assertEquals(List.of("state before: null", "posted 16 rows with ***: HTTP 201 canned {\"stored\":16}",
                "ping: HTTP 200 {}", "writeTo: 16 rows, " + dry.path("writes").get(0).path("bytes").asLong() + " bytes"),
                texts(dry.path("log")));
        assertTrue(dry.path("exchanges").get(0).path("stubbed").asBoolean());
        assertEquals(201, dry.path("exchanges").get(0).path("status").asInt());
        assertEquals("{}", dry.path("exchanges").get(1).path("responseBody").asText(), "the default answer");
        JsonNode write = dry.path("writes").get(0);
        assertFalse(write.path("written").asBoolean());
        assertEquals(16, write.path("rows").asLong());
        assertEquals(2, write.path("requests").asLong(), "16 rows in batches of 10");
        assertEquals(10, write.path("firstRows").size());

        // the same write, live: the bytes the dry run reported are the bytes the target receives
        RECEIVED.clear();
        JsonNode live = testRun(id, process("live", Map.of("datasetId", DATASET, "push", "http")));
        assertEquals("SUCCEEDED", live.path("status").asText(), live.toString());
        long received = RECEIVED.stream().filter(r -> r.uri().startsWith("/v1/batches"))
                .mapToLong(r -> r.body().getBytes(StandardCharsets.UTF_8).length).sum();
        assertEquals(received, write.path("bytes").asLong());
        assertEquals(2, RECEIVED.stream().filter(r -> r.uri().startsWith("/v1/batches")).count());
        assertTrue(live.path("writes").get(0).path("written").asBoolean());

        JsonNode newest = ok(author("GET", "/connectors/" + id + "/test-runs?limit=1", null), 200);
        assertEquals(live.path("id").asText(), newest.path("items").get(0).path("id").asText());
        JsonNode older = ok(author("GET", "/connectors/" + id + "/test-runs?limit=1&cursor="
                + URLEncoder.encode(newest.path("nextCursor").asText(), StandardCharsets.UTF_8), null), 200);
        assertEquals(dry.path("id").asText(), older.path("items").get(0).path("id").asText());
    }

    @Test
    @Order(4)
    void aRowCapCutsEveryQuery() throws Exception {
        String id = draft(PROCESS_JS);
        Map<String, Object> request = process("dry", Map.of("datasetId", DATASET));
        request.put("rowLimit", 5);

        JsonNode run = testRun(id, request);

        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals(5, run.path("queries").get(0).path("rows").asLong());
        assertTrue(run.path("queries").get(0).path("rowLimitReached").asBoolean());
        assertEquals(5, run.path("datagrid").path("rows").size());
        assertEquals(5, run.path("settings").path("rowLimit").asInt());
        assertEquals("posted 5 rows with ***: HTTP 200 null {}", texts(run.path("log")).get(1));
    }

    @Test
    @Order(5)
    void aScriptErrorIsTheOutcomeWithItsLineAndColumnAndARefusedRequestIsRecorded() throws Exception {
        String id = draft("""
                DOMO.log('calling the metadata service');
                httprequest.get('http://169.254.169.254/latest/meta-data/');
                """);

        JsonNode run = testRun(id, process("live", Map.of("datasetId", DATASET)));

        assertEquals("FAILED", run.path("status").asText(), run.toString());
        JsonNode outcome = run.path("outcome");
        assertEquals("script SANDBOX process.js:2:1", outcome.path("stage").asText() + " " + outcome.path("kind").asText() + " "
                + outcome.path("script").asText() + ":" + outcome.path("line").asInt() + ":" + outcome.path("column").asInt());
        assertTrue(outcome.path("message").asText().startsWith("httprequest refused http://169.254.169.254/latest/meta-data/"),
                outcome.toString());
        JsonNode refused = run.path("exchanges").get(0);
        assertEquals(0, refused.path("status").asInt());
        assertTrue(refused.path("error").asText().contains("169.254.169.254"), refused.toString());
    }

    @Test
    @Order(6)
    void aTestRunOfThePublishedVersionNeitherReadsNorChangesItsJobsState() throws Exception {
        String id = draft(PROCESS_JS);
        ok(author("POST", "/connectors/" + id + "/submit", Map.of("visibility", "PRIVATE")), 200);
        ok(call("acme", "rita", "reviewer", "POST", "/connectors/" + id + "/approve", null), 200);
        String accountId = ok(author("POST", "/accounts", Map.of("connectorId", id, "fields", thirdPartyFields())), 201)
                .path("id").asText();
        String jobId = ok(author("POST", "/jobs", Map.of("connectorId", id, "accountId", accountId, "report", "Opened",
                "parameters", Map.of("datasetId", DATASET))), 201).path("id").asText();
        String runId = ok(author("POST", "/jobs/" + jobId + "/runs", null), 202).path("id").asText();
        JsonNode jobRun = new WritebackClient(platform.api().baseUri(), "acme", "alice", "author")
                .awaitRun(runId, Duration.ofMinutes(3));
        assertEquals("SUCCEEDED", jobRun.path("status").asText(), jobRun.toString());
        Map<String, String> jobState = platform.services().jobRepository().state(jobId).values();
        assertTrue(jobState.get("cursor").startsWith("after-"), jobState.toString());

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("script", "process");
        request.put("version", 1);
        request.put("accountId", accountId);
        request.put("report", "Opened");
        request.put("parameters", Map.of("datasetId", DATASET));
        request.put("mode", "dry");
        JsonNode run = testRun(id, request);

        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertEquals("state before: null", texts(run.path("log")).get(0), "the test run starts from a scratch state");
        assertEquals(jobState, platform.services().jobRepository().state(jobId).values(), "the job's state is untouched");
        assertEquals(accountId, run.path("settings").path("accountId").asText());
    }

    @Test
    @Order(7)
    void aRunawayTestRunIsCancelled() throws Exception {
        String id = draft("DOMO.log('spinning'); while (true) {}");
        String testRunId = ok(author("POST", "/connectors/" + id + "/test-runs", process("dry", Map.of("datasetId", DATASET))), 202)
                .path("id").asText();

        JsonNode asked = ok(author("POST", "/test-runs/" + testRunId + "/cancel", null), 200);
        assertTrue(asked.path("cancelRequested").asBoolean(), asked.toString());
        JsonNode run = awaitTestRun("acme", testRunId);

        assertEquals("CANCELLED", run.path("status").asText(), run.toString());
    }

    @Test
    @Order(8)
    void everyBadInputIsA4xxProblemNamingTheField() throws Exception {
        String id = draft(PROCESS_JS);
        String path = "/connectors/" + id + "/test-runs";
        assertProblem(author("POST", path, Map.of("script", "deploy")), 400, "script must be auth or process, not 'deploy'.");
        assertProblem(author("POST", path, process("live", Map.of("datasetId", DATASET, "push", "ftp"))), 400,
                "Invalid parameters: push must be one of none, http, not 'ftp'.");
        assertProblem(author("POST", path, process("live", Map.of())), 400, "Invalid parameters: datasetId is required.");
        Map<String, Object> badStatus = process("dry", Map.of("datasetId", DATASET));
        badStatus.put("responses", List.of(Map.of("urlPattern", "*", "status", 700)));
        assertProblem(author("POST", path, badStatus), 400, "responses[0].status must be an HTTP status from 100 to 599, not 700.");
        Map<String, Object> noPattern = process("dry", Map.of("datasetId", DATASET));
        noPattern.put("responses", List.of(Map.of("status", 200)));
        assertProblem(author("POST", path, noPattern), 400, "responses[0].urlPattern is required, e.g. https://api.example.com/v1/*.");
        assertProblem(author("POST", path, Map.of("script", "auth", "fields", Map.of("baseUrl", "x"))), 400,
                "The account needs the field(s) apiKey for CUSTOM authentication.");

        String authOnly = draft(null);
        assertProblem(author("POST", "/connectors/" + authOnly + "/test-runs", process("live", Map.of("datasetId", DATASET))), 400,
                "script: connector " + authOnly + " v1 has no process.js yet; save it first (PUT /connectors/" + authOnly
                        + "/scripts/process).");

        assertProblem(call("globex", "gina", "author", "POST", path, Map.of("script", "auth")), 404,
                "There is no connector " + id + ".");
        String testRunId = testRun(id, process("dry", Map.of("datasetId", DATASET))).path("id").asText();
        assertProblem(call("globex", "gina", "author", "GET", "/test-runs/" + testRunId, null), 404,
                "There is no test run " + testRunId + ".");
        assertProblem(call("globex", "gina", "author", "GET", path, null), 404, "There is no connector " + id + ".");
    }

    @Test
    @Order(9)
    void anAccountOfAnotherUserOrConnectorIsRefused() throws Exception {
        String published = draft(PROCESS_JS);
        ok(author("POST", "/connectors/" + published + "/submit", Map.of("visibility", "PRIVATE")), 200);
        ok(call("acme", "rita", "reviewer", "POST", "/connectors/" + published + "/approve", null), 200);
        String umasAccount = ok(call("acme", "uma", "", "POST", "/accounts", Map.of("connectorId", published,
                "fields", thirdPartyFields())), 201).path("id").asText();
        String alicesAccount = ok(author("POST", "/accounts", Map.of("connectorId", published, "fields", thirdPartyFields())), 201)
                .path("id").asText();

        assertProblem(author("POST", "/connectors/" + published + "/test-runs", Map.of("script", "auth", "accountId", umasAccount)),
                404, "There is no account " + umasAccount + ".");
        String other = draft(PROCESS_JS);
        assertProblem(author("POST", "/connectors/" + other + "/test-runs", Map.of("script", "auth", "accountId", alicesAccount)),
                400, "Account " + alicesAccount + " belongs to connector " + published + ", not " + other + ".");
    }

    /** Last: what the description promises a client, the journeys saw sent. */
    @Test
    @Order(10)
    void aReviewerOfAnotherCompanyTestRunsAPublicSubmissionWithTheSubmittersFieldsAndNeverSeesThem() throws Exception {
        String reviewKey = "review-key-5150-do-not-show";
        String id = draft(PROCESS_JS);
        ok(author("PATCH", "/connectors/" + id, Map.of("parameters", List.of(
                Map.of("name", "datasetId", "type", "STRING", "required", true),
                Map.of("name", "push", "type", "DROPDOWN", "options", List.of("none", "http")),
                Map.of("name", "region", "type", "DISCOVERY")))), 200);
        new WritebackClient(platform.api().baseUri(), "acme", "alice", "author").putBytes("/connectors/" + id
                + "/scripts/discovery", "application/javascript", "discovery.addOption('EU');".getBytes(StandardCharsets.UTF_8));
        String submit = "/connectors/" + id + "/submit";
        assertProblem(author("POST", submit, Map.of("visibility", "PUBLIC")), 400, "testAccountId is required: connector "
                + id + " has DISCOVERY parameters, so reviewers test it with credentials you give: testAccountId (one of"
                + " your accounts of this connector) or testFields (the fields of its CUSTOM authentication).");
        JsonNode submitted = ok(author("POST", submit, Map.of("visibility", "PUBLIC", "testFields",
                Map.of("baseUrl", thirdParty.baseUri().toString(), "apiKey", reviewKey))), 200);
        assertEquals("fields", submitted.path("testCredentials").asText());

        RECEIVED.clear();
        Map<String, Object> request = Map.of("script", "process", "report", "Opened", "parameters",
                Map.of("datasetId", DATASET), "useSubmittedCredentials", true);
        String runId = ok(call("globex", "vera", "reviewer", "POST", "/connectors/" + id + "/test-runs", request), 202)
                .path("id").asText();
        JsonNode run = awaitTestRun("globex", "vera", "reviewer", runId);

        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        assertTrue(run.path("settings").path("submittedCredentials").asBoolean());
        assertEquals("globex", run.path("settings").path("reviewerCompanyId").asText());
        assertTrue(RECEIVED.stream().anyMatch(r -> r.body().contains(reviewKey)), "the run used the submitter's key");
        assertTrue(texts(run.path("log")).contains("posted 16 rows with ***: HTTP 200 live {\"stored\":true}"),
                run.path("log").toString());
        JsonNode connector = ok(call("globex", "vera", "reviewer", "GET", "/connectors/" + id, null), 200);
        for (JsonNode answer : List.of(submitted, run, connector)) {
            assertFalse(answer.toString().contains(reviewKey), "no answer shows the key: " + answer);
        }
        assertEquals(404, call("globex", "gil", "", "POST", "/connectors/" + id + "/test-runs", request).status());
        assertEquals(404, call("initech", "walt", "reviewer", "GET", "/test-runs/" + runId, null).status());

        ok(call("globex", "vera", "reviewer", "POST", "/connectors/" + id + "/approve", null), 200);
        try (var files = Files.walk(platform.home())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(reviewKey),
                        file + " still holds the submitted key after approval");
            }
        }
    }

    @Test
    @Order(11)
    void aPrivateSubmissionIsTestedOnlyByReviewersOfItsCompany() throws Exception {
        String id = draft(PROCESS_JS);
        ok(author("POST", "/connectors/" + id + "/submit", Map.of("visibility", "PRIVATE", "testFields",
                thirdPartyFields())), 200);
        Map<String, Object> request = Map.of("script", "process", "report", "Opened", "parameters",
                Map.of("datasetId", DATASET), "useSubmittedCredentials", true);

        assertProblem(call("globex", "vera", "reviewer", "POST", "/connectors/" + id + "/test-runs", request), 404,
                "There is no connector " + id + ".");
        assertProblem(call("acme", "carl", "", "POST", "/connectors/" + id + "/test-runs", request), 404,
                "Connector " + id + " has no submission you review.");
        String runId = ok(call("acme", "rita", "reviewer", "POST", "/connectors/" + id + "/test-runs", request), 202)
                .path("id").asText();
        assertEquals("SUCCEEDED", awaitTestRun("acme", "rita", "reviewer", runId).path("status").asText());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyDocumentedPropertyOfATestRunWasSent() {
        for (String schema : List.of("TestRun", "TestRunSettings", "TestRunOutcome", "TestRunQuery", "TestRunExchange",
                "TestRunWrite", "TestRunPage", "CannedResponse")) {
            assertEquals(Set.of(), OpenApiContract.repository().unseen(schema), schema + ": documented, never sent");
        }
    }

    private static void assertProblem(Answer answer, int status, String detail) {
        assertEquals(status, answer.status(), String.valueOf(answer.body()));
        assertEquals(detail, answer.body().path("detail").asText());
    }

    private static List<String> headerValues(Received received, String name) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .findFirst().map(Map.Entry::getValue).orElse(List.of());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A recorded header's values, whatever the letter case its name was sent in. */
    private static String header(JsonNode headers, String name) {
        List<String> found = new ArrayList<>();
        headers.fields().forEachRemaining(h -> {
            if (h.getKey().equalsIgnoreCase(name)) {
                found.add(h.getValue().toString());
            }
        });
        return found.isEmpty() ? null : found.getFirst();
    }
}
