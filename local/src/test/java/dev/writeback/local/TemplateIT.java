package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.writeback.api.Route;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SAM template against the code: handlers resolve to real classes, the HTTP API routes are
 * exactly the routes each function serves, every sample event is accepted by its function, and
 * AWS's linter finds nothing. (The deployment packages themselves: {@link PackagedFunctionIT}.)
 */
class TemplateIT {
    /** Template logical id → the function's local name. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "RegistrationFunction", "registration",
            "ExecutorFunction", "executor",
            "OAuthCallbackFunction", "oauth-callback");

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
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), handler);
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
                    .filter(Objects::nonNull).findFirst()
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
                assertTrue(result.has("runId") || result.has("skipped") || result.has("sweep"), name + " → " + result);
            }
        }
    }

    /** The executor's sweep schedule delivers the sample sweep event. */
    @Test
    void theSweepScheduleDeliversTheSampleSweepEvent() throws IOException {
        JsonNode sweep = template.path("Resources").path("ExecutorFunction").path("Properties").path("Events")
                .path("SweepRuns");
        assertEquals("ScheduleV2", sweep.path("Type").asText(), sweep.toString());
        assertEquals(Json.MAPPER.readTree(Files.readString(Path.of("events/executor-sweep-event.json"))),
                Json.MAPPER.readTree(sweep.path("Properties").path("Input").asText()));
    }

    /** {@code writeback invoke} starts each function's JVM with the JAVA_TOOL_OPTIONS the template gives it. */
    @Test
    void theLocalInvokerGivesEachFunctionTheTemplatesJavaToolOptions() throws IOException {
        SamTemplate sam = SamTemplate.read(Path.of("template.yaml"));
        for (Map.Entry<String, String> f : FUNCTIONS.entrySet()) {
            List<String> deployed = Stream.of(sam.environment(f.getKey()).get("JAVA_TOOL_OPTIONS").text().split(" "))
                    .filter(flag -> !flag.startsWith("-Dpolyglot.engine.userResourceCache=")).toList();
            assertEquals(deployed, List.of(LocalInvoker.javaToolOptions(f.getValue()).split(" ")), f.getValue());
        }
    }

    /** AWS's own linter (it expands SAM, so it sees resource cycles and every property), with nothing ignored. */
    @Test
    void awsCfnLintFindsNothing() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("cfn-lint", "template.yaml").redirectErrorStream(true).start();
        } catch (IOException missing) {
            throw new AssertionError("AWS's cfn-lint is not installed: python3 -m pip install 'cfn-lint>=1.51' "
                    + "(bin/test installs it)", missing);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cfn-lint did not finish");
        assertEquals("", output.strip(), "cfn-lint template.yaml");
        assertEquals(0, p.exitValue(), output);
    }

    private static LocalFunction function(String name) {
        return platform.functions().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
