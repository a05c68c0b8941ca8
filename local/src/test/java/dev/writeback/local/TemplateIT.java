package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.writeback.api.Route;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SAM template against the code: handlers resolve to real classes, the HTTP API routes are
 * exactly the routes each function serves, every sample event is accepted by its function, and
 * the template lints offline.
 */
class TemplateIT {
    /** Template logical id → the function's local name. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "RegistrationFunction", "registration",
            "ExecutorFunction", "executor",
            "OAuthCallbackFunction", "oauth-callback");

    /**
     * cfn-lint 1.9.7 (the offline linter on npm) predates these SAM features; these findings, and only these,
     * are not errors of the template.
     */
    private static final List<String> LINTER_SPEC_GAPS = List.of(
            "Invalid or unsupported SAM Globals property name: Architectures",
            "Invalid or unsupported SAM Globals property name: SnapStart",
            "has an invalid Type of AWS::Serverless::HttpApi",
            "ApiId is not a valid property of AWS::Serverless::Function.ApiEvent",
            "Auth is not a valid property of AWS::Serverless::Function.ApiEvent");

    /** Lambda's limit for an unzipped deployment package (250 MB). */
    private static final long LAMBDA_UNZIPPED_LIMIT = 262_144_000L;

    private static JsonNode template;
    private static LocalPlatform platform;
    private static Path home;

    @BeforeAll
    static void start() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
        home = Files.createTempDirectory("writeback-template-it");
        platform = LocalPlatform.start(new LocalPlatform.Settings(home, Path.of("samples/datasets"), 0, 0, 0));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void everyHandlerInTheTemplateIsALambdaHandlerClassWithAPublicNoArgConstructor() throws Exception {
        List<String> handlers = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                handlers.add(e.getValue().path("Properties").path("Handler").asText());
            }
        });
        assertEquals(3, handlers.size(), "three functions: " + handlers);
        for (String handler : handlers) {
            assertTrue(handler.endsWith("::handleRequest"), handler);
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertTrue(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type),
                    handler + " is not a Lambda handler");
            assertTrue(java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers()), handler);
        }
    }

    @Test
    void theTemplateDeclaresExactlyTheRoutesEachFunctionServes() {
        for (Map.Entry<String, String> f : FUNCTIONS.entrySet()) {
            JsonNode function = template.path("Resources").path(f.getKey());
            LocalFunction local = function(f.getValue());
            if (function.isMissingNode() && local == null) {
                continue;
            }
            assertFalse(function.isMissingNode(), f.getKey() + " is missing from template.yaml");
            TreeSet<String> declared = new TreeSet<>();
            function.path("Properties").path("Events").forEach(event -> {
                if (event.path("Type").asText().equals("HttpApi")) {
                    declared.add(event.path("Properties").path("Method").asText() + " "
                            + event.path("Properties").path("Path").asText());
                }
            });
            TreeSet<String> served = new TreeSet<>(local.routes().routes().stream().map(Route::key).toList());
            assertEquals(served, declared, f.getKey() + ": routes in template.yaml vs routes the code serves");
        }
    }

    @Test
    void everySampleEventIsAcceptedByItsFunction() throws IOException {
        List<Path> events;
        try (Stream<Path> s = Files.list(Path.of("events"))) {
            events = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(events.isEmpty());
        for (Path event : events) {
            String name = event.getFileName().toString();
            LocalFunction f = FUNCTIONS.values().stream().filter(n -> name.startsWith(n + "-")).map(TemplateIT::function)
                    .filter(java.util.Objects::nonNull).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " names no function (registration-, executor-, oauth-callback-)"));
            JsonNode result = Json.MAPPER.readTree(f.invoker().invoke(Files.readAllBytes(event)));
            if (result.has("statusCode")) {
                int status = result.path("statusCode").asInt();
                assertTrue(status < 500, name + " → " + result);
                if (status >= 400 && result.path("headers").path("content-type").asText().contains("json")) {
                    JsonNode problem = Json.MAPPER.readTree(result.path("body").asText());
                    assertEquals(status, problem.path("status").asInt(), name + " → " + result);
                    assertTrue(problem.path("detail").asText().length() > 10, name + " → " + result);
                } else {
                    assertFalse(result.path("body").asText().isBlank(), name + " → " + result);
                }
            } else {
                assertTrue(result.has("runId") || result.has("skipped"), name + " → " + result);
            }
        }
    }

    @Test
    void theTemplateLintsCleanOffline() throws Exception {
        Path cli = nodeModules().resolve("cfn-lint/lib/index.js");
        assertTrue(Files.isRegularFile(cli), "cfn-lint is not installed; run npm ci in shared/testing/node");
        Process p = new ProcessBuilder("node", cli.toString(), "validate", "template.yaml", "--parameters",
                "JwtIssuer=https://issuer.example.com,JwtAudience=writeback").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("\u001B\\[[;\\d]*m", "");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> errors = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("Message: ") && LINTER_SPEC_GAPS.stream().noneMatch(line::contains)) {
                errors.add(line);
            }
        }
        if (!errors.isEmpty()) {
            fail("cfn-lint found errors in template.yaml:\n" + String.join("\n", errors) + "\n\n" + output);
        }
        assertTrue(output.contains("Message: ") || output.contains("Template valid"), output);
    }

    @Test
    void eachFunctionArtifactCarriesOnlyWhatItNeeds() throws IOException {
        assertFalse(contains("functions/registration/target/registration-0.1.0-SNAPSHOT-lambda.jar", "org/apache/calcite/"),
                "the registration function must not carry Calcite");
        assertTrue(contains("functions/executor/target/executor-0.1.0-SNAPSHOT-lambda.jar", "org/apache/calcite/"));
        for (String jar : List.of("functions/registration/target/registration-0.1.0-SNAPSHOT-lambda.jar",
                "functions/oauth-callback/target/oauth-callback-0.1.0-SNAPSHOT-lambda.jar",
                "functions/executor/target/executor-0.1.0-SNAPSHOT-lambda.jar")) {
            assertFalse(contains(jar, "org/junit/"), jar + " carries test libraries");
            assertFalse(contains(jar, "org/gaul/s3proxy/"), jar + " carries test servers");
            long unzipped;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar)) {
                unzipped = zip.stream().mapToLong(java.util.zip.ZipEntry::getSize).sum();
            }
            assertTrue(unzipped < LAMBDA_UNZIPPED_LIMIT, jar + " unzips to " + unzipped + " bytes; Lambda takes at most "
                    + LAMBDA_UNZIPPED_LIMIT);
        }
    }

    private static boolean contains(String jar, String prefix) throws IOException {
        Path path = Path.of(jar);
        assertTrue(Files.isRegularFile(path), jar + " was not built (mvn package builds it before the integration tests)");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path.toFile())) {
            return zip.stream().anyMatch(e -> e.getName().startsWith(prefix));
        }
    }

    private static LocalFunction function(String name) {
        return platform.functions().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    private static Path nodeModules() {
        String configured = System.getProperty("writeback.nodeModules");
        return configured != null ? Path.of(configured) : Path.of("shared/testing/node/node_modules");
    }
}
