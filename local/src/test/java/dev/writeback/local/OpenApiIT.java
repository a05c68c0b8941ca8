package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.writeback.core.account.Account;
import dev.writeback.core.alert.AlertRule;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.Connector;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.CustomField;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.connector.Parameter;
import dev.writeback.core.connector.Review;
import dev.writeback.core.connector.VerifiedDomoClient;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRetryPolicy;
import dev.writeback.core.job.JobService;
import dev.writeback.core.job.Schedule;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunError;
import dev.writeback.testing.aws.DynaliteExtension;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml against the code: the document describes exactly the routes each function serves
 * (both ways), every reference resolves, path parameters match the templates, every error is a
 * problem, and the schemas have exactly the fields the JSON has.
 */
class OpenApiIT {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static JsonNode doc;
    private static LocalPlatform platform;

    @BeforeAll
    static void start() throws IOException {
        doc = new ObjectMapper(new YAMLFactory()).readTree(Path.of("openapi.yaml").toFile());
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-openapi-it"),
                Path.of("samples/datasets"), 0, 0, 0));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void itIsAnOpenApi31DocumentWithTheJwtSchemeAndTheLocalCallerHeaders() {
        assertEquals("3.1.0", doc.path("openapi").asText());
        assertEquals("http", doc.at("/components/securitySchemes/jwt/type").asText());
        assertEquals("bearer", doc.at("/components/securitySchemes/jwt/scheme").asText());
        for (String[] header : new String[][] {{"localCompany", "x-writeback-company"}, {"localUser", "x-writeback-user"},
                {"localRoles", "x-writeback-roles"}}) {
            assertEquals(header[1], doc.at("/components/securitySchemes/" + header[0] + "/name").asText());
            assertEquals("header", doc.at("/components/securitySchemes/" + header[0] + "/in").asText());
        }
        assertEquals("http://127.0.0.1:3000", doc.at("/servers/1/url").asText(), "the embedded default is a server");
    }

    @Test
    void redoclysRecommendedRulesFindNothing() throws Exception {
        Path cli = DynaliteExtension.nodeModules().resolve("@redocly/cli/bin/cli.js");
        assertTrue(Files.isRegularFile(cli), "Redocly CLI is not installed: npm ci in shared/testing/node (bin/test does)");
        ProcessBuilder lint = new ProcessBuilder("node", cli.toString(), "lint", "--config", "redocly.yaml",
                "--format", "stylish", "openapi.yaml").redirectErrorStream(true);
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process p = lint.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "redocly lint did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("Your API description is valid"), output);
        assertFalse(output.matches("(?s).*\\d+:\\d+\\s+(error|warning)\\s.*"), output);
    }

    @Test
    void theDocumentDescribesExactlyTheRoutesEveryFunctionServes() {
        Map<String, TreeSet<String>> documented = new LinkedHashMap<>();
        forEachOperation((key, op) -> documented
                .computeIfAbsent(op.path("x-writeback-function").asText("(no x-writeback-function)"), f -> new TreeSet<>())
                .add(key));
        for (LocalFunction f : platform.functions()) {
            // OpenAPI has no greedy parameter: API Gateway's {proxy+} is documented as {proxy}
            TreeSet<String> served = new TreeSet<>(f.routes().routes().stream().map(r -> r.key().replace("+}", "}")).toList());
            assertEquals(served, documented.getOrDefault(f.name(), new TreeSet<>()),
                    f.name() + ": routes the code serves vs operations in openapi.yaml");
        }
        Set<String> servedLocally = new HashSet<>(platform.functions().stream().map(LocalFunction::name).toList());
        for (String function : documented.keySet()) {
            assertTrue(servedLocally.contains(function),
                    "openapi.yaml documents routes of '" + function + "', which no function serves: " + documented.get(function));
        }
        assertEquals(Set.of("POST /oauth/start", "POST /oauth/client-credentials", "GET /oauth/callback"),
                documented.get("oauth-callback"));
    }

    @Test
    void operationIdsAreUniqueAndPathParametersMatchTheTemplates() {
        Set<String> ids = new HashSet<>();
        forEachOperation((key, op) -> {
            assertTrue(ids.add(op.path("operationId").asText()), "duplicate or missing operationId at " + key);
            String template = key.substring(key.indexOf(' ') + 1);
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>();
            List<JsonNode> parameters = new ArrayList<>();
            doc.path("paths").path(template).path("parameters").forEach(parameters::add);
            op.path("parameters").forEach(parameters::add);
            for (JsonNode p : parameters) {
                JsonNode resolved = resolve(p);
                if (resolved.path("in").asText().equals("path")) {
                    assertTrue(resolved.path("required").asBoolean(), key + ": path parameter " + resolved.path("name") + " must be required");
                    declared.add(resolved.path("name").asText());
                }
            }
            assertEquals(inTemplate, declared, key + ": path parameters");
        });
    }

    @Test
    void everyErrorIsAProblemExceptTheBrowserFacingCallbackPage() {
        forEachOperation((key, op) -> op.path("responses").properties().forEach(r -> {
            if (!r.getKey().matches("[45]\\d\\d") || key.equals("GET /oauth/callback")) {
                return;
            }
            JsonNode response = resolve(r.getValue());
            JsonNode content = response.path("content");
            assertEquals(List.of("application/problem+json"), fieldNames(content), key + " " + r.getKey());
            String schema = content.path("application/problem+json").path("schema").path("$ref").asText();
            assertTrue(schema.equals("#/components/schemas/Problem") || schema.equals("#/components/schemas/ScriptProblem"),
                    key + " " + r.getKey() + " → " + schema);
        }));
        assertEquals(List.of("detail", "instance", "status", "title", "type"),
                fieldNames(doc.at("/components/schemas/Problem/properties")).stream().sorted().toList());
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(doc.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
    }

    @Test
    void schemasHaveExactlyTheFieldsOfTheJsonTheyDescribe() throws ClassNotFoundException {
        Map<String, Class<?>> bodies = new LinkedHashMap<>();
        bodies.put("ConnectorVersion", ConnectorVersion.class);
        bodies.put("Connector", Connector.class);
        bodies.put("Parameter", Parameter.class);
        bodies.put("Authentication", Authentication.class);
        bodies.put("OAuthSettings", OAuthSettings.class);
        bodies.put("CustomField", CustomField.class);
        bodies.put("DomoClient", VerifiedDomoClient.class);
        bodies.put("Review", Review.class);
        bodies.put("Account", Account.class);
        bodies.put("Job", Job.class);
        bodies.put("JobRequest", JobService.JobRequest.class);
        bodies.put("Schedule", Schedule.class);
        bodies.put("RetryPolicy", JobRetryPolicy.class);
        bodies.put("Run", Run.class);
        bodies.put("RunError", RunError.class);
        bodies.put("AlertRule", AlertRule.class);
        for (String request : List.of("CreateConnector", "UpdateConnector", "DomoClientRequest", "AuthenticationRequest",
                "SubmitRequest", "RejectRequest")) {
            bodies.put(request, Class.forName("dev.writeback.registration.ConnectorRoutes$" + request));
        }
        bodies.put("ConnectAccount", Class.forName("dev.writeback.registration.AccountRoutes$ConnectAccount"));
        for (Map.Entry<String, Class<?>> b : bodies.entrySet()) {
            TreeSet<String> fields = new TreeSet<>(Arrays.stream(b.getValue().getRecordComponents())
                    .map(RecordComponent::getName).toList());
            if (b.getValue() == Run.class) {
                fields.add("durationMillis");
            }
            if (b.getValue() == AlertRule.class) {
                fields.add("webhookHost"); // answered instead of the webhook URL (JobView)
            }
            TreeSet<String> documented = new TreeSet<>(fieldNames(doc.path("components").path("schemas")
                    .path(b.getKey()).path("properties")));
            assertEquals(fields, documented, "schema " + b.getKey() + " vs " + b.getValue().getName());
        }
    }

    private interface OperationVisitor {
        void visit(String key, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                visitor.visit(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.path("$ref").asText().substring(1)) : node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
