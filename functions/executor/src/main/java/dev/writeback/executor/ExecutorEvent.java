package dev.writeback.executor;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the executor is invoked with, told apart once by its shape: an HTTP API (payload v2) request of
 * the runs API, a run or test-run event the executor sent itself to execute a run or test run started over HTTP, a schedule
 * firing ({@link ScheduleEvent}), or the sweep's schedule firing ({@link Sweep}).
 */
sealed interface ExecutorEvent permits ExecutorEvent.ApiRequest, ExecutorEvent.RunEvent, ExecutorEvent.TestRunEvent,
        ExecutorEvent.Sweep, ScheduleEvent {

    /** A request of the runs API through API Gateway. */
    record ApiRequest(APIGatewayV2HTTPEvent request) implements ExecutorEvent {
    }

    /** Execute this claimed run: {@code {"source":"writeback.run","runId":…}}. */
    record RunEvent(String runId) implements ExecutorEvent {
        static final String SOURCE = "writeback.run";

        byte[] json() {
            Map<String, String> event = new LinkedHashMap<>();
            event.put("source", SOURCE);
            event.put("runId", runId);
            return Json.write(event).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Execute this queued test run: {@code {"source":"writeback.test-run","testRunId":…}}. */
    record TestRunEvent(String testRunId) implements ExecutorEvent {
        static final String SOURCE = "writeback.test-run";

        byte[] json() {
            Map<String, String> event = new LinkedHashMap<>();
            event.put("source", SOURCE);
            event.put("testRunId", testRunId);
            return Json.write(event).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * End the runs nobody holds any more ({@code RunService.sweep}): {@code {"source":"writeback.sweep"}}, sent
     * every minute by the stack's sweep schedule.
     */
    record Sweep() implements ExecutorEvent {
        static final String SOURCE = "writeback.sweep";
    }

    /** The event as one of the five; anything else is refused. */
    static ExecutorEvent parse(JsonNode event) throws JsonProcessingException {
        if (event != null && event.has("requestContext") && event.has("routeKey")) {
            return new ApiRequest(Json.MAPPER.treeToValue(event, APIGatewayV2HTTPEvent.class));
        }
        if (event != null && RunEvent.SOURCE.equals(event.path("source").asText())) {
            String runId = event.path("runId").asText(null);
            if (runId == null || runId.isBlank()) {
                throw new InvalidInputException("A run event needs runId.");
            }
            return new RunEvent(runId);
        }
        if (event != null && TestRunEvent.SOURCE.equals(event.path("source").asText())) {
            String testRunId = event.path("testRunId").asText(null);
            if (testRunId == null || testRunId.isBlank()) {
                throw new InvalidInputException("A test-run event needs testRunId.");
            }
            return new TestRunEvent(testRunId);
        }
        if (event != null && Sweep.SOURCE.equals(event.path("source").asText())) {
            return new Sweep();
        }
        if (event != null && ScheduleEvent.looksLikeOne(event)) {
            return ScheduleEvent.parse(event);
        }
        throw new InvalidInputException("The executor takes HTTP API events, run events, test-run events, schedule events and sweep events; this event is none of them.");
    }
}
