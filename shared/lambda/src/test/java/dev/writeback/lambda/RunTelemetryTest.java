package dev.writeback.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunStatus;
import dev.writeback.core.run.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/** What the executor's log and CloudWatch see of a run (stdout, as Lambda captures it). */
class RunTelemetryTest {
    private static final Instant STARTED = Instant.parse("2026-12-01T06:00:00Z");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stdout;
    private final RunTelemetry telemetry = new RunTelemetry(MetricsFactory.getMetricsInstance());

    @BeforeEach
    void captureStdout() {
        FunctionLogging.invocation(null).close(); // installs the java.util.logging bridge, as a handler does
        stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(stdout);
    }

    private static Run run(RunStatus status) {
        return new Run("run-1", "job-7", "acme", Trigger.SCHEDULE, "evt-1", "con-42", 3, status,
                STARTED.minusSeconds(1), STARTED, STARTED.plusMillis(1250), null, 40, 16, 974, 2, null, null,
                "runs/run-1/log.txt", null, false, null, null, 2, null, null);
    }

    private List<JsonNode> lines(Predicate<JsonNode> which) {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
                .map(l -> Json.read(l, JsonNode.class)).filter(which).toList();
    }

    @Test
    void aFinishedRunIsOneMetricDocumentCountedPerConnectorAndStatus() {
        telemetry.finished(run(RunStatus.SUCCEEDED));

        List<JsonNode> documents = lines(l -> l.has("_aws"));
        assertEquals(1, documents.size(), captured.toString(StandardCharsets.UTF_8));
        JsonNode emf = documents.get(0);
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("WritebackTest", directive.path("Namespace").asText());
        assertEquals("[[\"Service\",\"connectorId\",\"status\"]]", directive.path("Dimensions").toString());
        assertEquals("executor", emf.path("Service").asText());
        assertEquals("con-42", emf.path("connectorId").asText());
        assertEquals("SUCCEEDED", emf.path("status").asText());
        assertEquals(1.0, emf.path("Runs").asDouble());
        assertEquals(40.0, emf.path("RowsRead").asDouble());
        assertEquals(16.0, emf.path("RowsWritten").asDouble());
        assertEquals(974.0, emf.path("BytesWritten").asDouble());
        assertEquals(2.0, emf.path("Requests").asDouble());
        assertEquals(1250.0, emf.path("Duration").asDouble());
        assertEquals("run-1", emf.path("runId").asText());
        assertEquals("job-7", emf.path("jobId").asText());
    }

    @Test
    void everyLineWrittenDuringARunCarriesItsIdsAndNoneAfter() throws Exception {
        telemetry.started(run(RunStatus.RUNNING));
        LoggerFactory.getLogger("test").info("through slf4j");
        Logger.getLogger("test").warning("through java.util.logging");
        Thread script = Thread.ofPlatform().start(() -> LoggerFactory.getLogger("test").info("on the script's thread"));
        script.join();
        telemetry.finished(run(RunStatus.FAILED));
        LoggerFactory.getLogger("test").info("after the run");

        List<JsonNode> logged = lines(l -> l.has("message"));
        assertEquals(List.of("Run started", "through slf4j", "through java.util.logging", "on the script's thread",
                "Run finished", "after the run"), logged.stream().map(l -> l.path("message").asText()).toList());
        for (JsonNode line : logged.subList(0, 5)) {
            assertEquals("run-1", line.path("runId").asText(), line.toString());
            assertEquals("job-7", line.path("jobId").asText(), line.toString());
            assertEquals("con-42", line.path("connectorId").asText(), line.toString());
        }
        JsonNode finished = logged.get(4);
        assertEquals("FAILED", finished.path("status").asText(), finished.toString());
        assertEquals(16, finished.path("rowsWritten").asInt(), finished.toString());
        assertFalse(logged.get(5).has("runId"), logged.get(5).toString());
        assertTrue(logged.stream().allMatch(l -> l.has("timestamp") && l.has("level")));
    }

    @Test
    void anEventThatCouldNotBePublishedIsCountedPerPublisher() {
        telemetry.eventNotPublished(run(RunStatus.RUNNING), "EventBridgeRunEvents");

        List<JsonNode> documents = lines(l -> l.has("_aws"));
        assertEquals(1, documents.size(), captured.toString(StandardCharsets.UTF_8));
        JsonNode emf = documents.get(0);
        assertEquals("[[\"Service\",\"publisher\"]]", emf.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals("EventBridgeRunEvents", emf.path("publisher").asText());
        assertEquals(1.0, emf.path("RunEventsNotPublished").asDouble());
        assertEquals("run-1", emf.path("runId").asText());
    }
}
