package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.api.CallerResolver;
import dev.writeback.core.json.Json;
import dev.writeback.local.client.WritebackClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connector with a tree DISCOVERY parameter, through Writeback's HTTP API on the embedded default: its discovery
 * script lists the File Drop store's files (a loopback server) with the user's account, the user creates a job
 * choosing two of them, and the processing script receives the choice as an array and writes to exactly those files.
 */
class DiscoveryJourneyIT {
    private static final String DATASET = "4e1b7c2a-8f3d-4a6e-9b21-5d0c6f7e8a90";
    private static final String DISCOVERY_JS = """
            // Lists the store's files as a tree: one node per region (the name's part before '-'), a leaf per file.
            httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.apiKey);
            var files = JSON.parse(httprequest.get(metadata.account.baseUrl + '/v1/files'));
            if (httprequest.getStatusCode() !== 200) {
              throw new Error('The File Drop store refused to list files (HTTP ' + httprequest.getStatusCode() + ')');
            }
            var regions = {};
            files.forEach(function (name) {
              var region = name.split('-')[0];
              if (!regions[region]) {
                regions[region] = discovery.addNode(discovery.tree, region);
              }
              discovery.addLeaf(regions[region], name);
            });
            DOMO.log('listed ' + files.length + ' files for ' + metadata.discovery.parameter);
            discovery.publishTree();
            """;
    private static final String PROCESS_JS = """
            var targets = metadata.parameters.targets;
            DOMO.log('targets is an array: ' + Array.isArray(targets) + ', ' + targets.length + ' of them');
            var result = DOMO.getDataset(metadata.parameters.datasetId)
                .queryData("select count(*) as n from tbl where action = 'open'");
            httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.apiKey);
            targets.forEach(function (name) {
              httprequest.put(metadata.account.baseUrl + '/v1/files/' + encodeURIComponent(name),
                  metadata.parameters.note + ': ' + result.rows[0][0] + ' opened\\n');
              DOMO.log('wrote ' + name + ' (HTTP ' + httprequest.getStatusCode() + ')');
            });
            """;

    private static LocalPlatform platform;
    private static WritebackClient author;
    private static WritebackClient user;

    @BeforeAll
    static void start() throws Exception {
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-discovery-it"),
                Path.of("samples/datasets"), 0, 0, 0));
        author = new WritebackClient(platform.api().baseUri(), "acme", "alice", "author");
        user = author.as("uma", "");
        author.acceptUserAgreement();
        for (String file : List.of("eu-west.csv", "eu-north.csv", "us-east.csv")) {
            Files.writeString(platform.fileDrop().file(file), "old\n");
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String connector(String discoveryScript) throws Exception {
        String id = author.post("/connectors", Map.of("name", "File Drop by region")).path("connectorId").asText();
        author.patch("/connectors/" + id, Map.of("parameters", List.of(
                Map.of("name", "datasetId", "type", "STRING", "required", true),
                Map.of("name", "note", "type", "TEXT", "helpText", "A line written before the count"),
                Map.of("name", "targets", "type", "DISCOVERY", "discovery", "TREE", "required", true))));
        author.putJson("/connectors/" + id + "/domo-client", Map.of("clientKey", platform.domoClientId(),
                "clientSecret", platform.domoClientSecret()));
        author.putJson("/connectors/" + id + "/authentication", Map.of("authentication", Map.of("type", "CUSTOM",
                "fields", List.of(Map.of("key", "baseUrl", "label", "File Drop URL"), Map.of("key", "apiKey", "label", "API key")))));
        author.putBytes("/connectors/" + id + "/scripts/auth", "application/javascript",
                Files.readAllBytes(Path.of("samples/connectors/file-drop/auth.js")));
        author.putBytes("/connectors/" + id + "/scripts/process", "application/javascript", PROCESS_JS.getBytes(StandardCharsets.UTF_8));
        author.putBytes("/connectors/" + id + "/scripts/discovery", "application/javascript",
                discoveryScript.getBytes(StandardCharsets.UTF_8));
        // a DISCOVERY parameter: reviewers get the fields to try it with
        author.post("/connectors/" + id + "/submit", Map.of("visibility", "PRIVATE", "testFields", Map.of(
                "baseUrl", platform.fileDrop().baseUri().toString(), "apiKey", platform.fileDropKey())));
        author.as("rita", "reviewer").post("/connectors/" + id + "/approve", null);
        return id;
    }

    private static String account(String connectorId) {
        return user.post("/accounts", Map.of("connectorId", connectorId, "fields", Map.of(
                "baseUrl", platform.fileDrop().baseUri().toString(), "apiKey", platform.fileDropKey()))).path("id").asText();
    }

    @Test
    void theUserPicksTwoLeavesOfTheDiscoveredTreeAndTheScriptWritesToThem() throws Exception {
        String connectorId = connector(DISCOVERY_JS);
        String accountId = account(connectorId);

        JsonNode choices = user.post("/connectors/" + connectorId + "/parameters/targets/discovery",
                Map.of("accountId", accountId, "parameters", Map.of("datasetId", DATASET)));
        assertEquals(Json.MAPPER.readTree("""
                {"parameter":"targets","mode":"TREE","tree":{"leaf":false,"children":[
                  {"name":"eu","leaf":false,"children":[{"name":"eu-north.csv","leaf":true,"children":[]},
                                                        {"name":"eu-west.csv","leaf":true,"children":[]}]},
                  {"name":"us","leaf":false,"children":[{"name":"us-east.csv","leaf":true,"children":[]}]}]},
                 "log":["listed 3 files for targets"]}"""), choices);

        JsonNode job = user.post("/jobs", Map.of("connectorId", connectorId, "accountId", accountId,
                "parameters", Map.of("datasetId", DATASET, "note", "Opened emails"),
                "selections", Map.of("targets", List.of("eu-west.csv", "us-east.csv"))));
        assertEquals(Json.MAPPER.readTree("{\"targets\":[\"eu-west.csv\",\"us-east.csv\"]}"), job.path("selections"));

        String runId = user.post("/jobs/" + job.path("id").asText() + "/runs", null).path("id").asText();
        JsonNode run = user.awaitRun(runId, Duration.ofMinutes(5));
        assertEquals("SUCCEEDED", run.path("status").asText(), run.toString());
        String log = new String(user.getBytes("/runs/" + runId + "/log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("targets is an array: true, 2 of them"), log);
        assertEquals("Opened emails: 16 opened\n", Files.readString(platform.fileDrop().file("eu-west.csv")));
        assertEquals("Opened emails: 16 opened\n", Files.readString(platform.fileDrop().file("us-east.csv")));
        assertEquals("old\n", Files.readString(platform.fileDrop().file("eu-north.csv")), "not chosen, not written");
    }

    @Test
    void aBrokenDiscoveryScriptIsA422NamingItsLineAndColumn() throws Exception {
        String connectorId = connector("""
                httprequest.addHeader('Authorization', 'Bearer ' + metadata.account.apiKey);
                var files = JSON.parse(httprequest.get(metadata.account.baseUrl + '/v1/files'));
                files.forEach(function (name) { discovery.addLeaf(discovery.tree, name); });
                discovery.addNode(files[0], 'oops');
                """);
        String accountId = account(connectorId);

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.api().baseUri()
                        + "/connectors/" + connectorId + "/parameters/targets/discovery"))
                .header("content-type", "application/json").header(CallerResolver.COMPANY_HEADER, "acme")
                .header(CallerResolver.USER_HEADER, "uma")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("accountId", accountId)))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(422, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("content-type").orElse(""));
        JsonNode problem = Json.MAPPER.readTree(r.body());
        assertEquals("The connector's discovery script failed for parameter 'targets': discovery.js:4:1: TypeError: "
                + "discovery.addNode(parent, name): parent must be discovery.tree or a node addNode returned",
                problem.path("detail").asText());
        assertEquals("discovery.js", problem.path("script").asText());
        assertEquals(4, problem.path("line").asInt());
        assertEquals(1, problem.path("column").asInt());
    }
}
