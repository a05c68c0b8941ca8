package dev.writeback.executor;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.api.HttpApi;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.json.Json;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunService;
import dev.writeback.core.time.Deadline;
import dev.writeback.lambda.FunctionLogging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the executor: HTTP API events (the runs API) and schedule events.
 * The run's deadline is the Lambda's remaining time less a margin to record the outcome.
 */
public final class ExecutorHandler implements RequestStreamHandler {
    /** Time kept back from the Lambda's remaining time to finish the run record. */
    static final Duration RECORD_MARGIN = Duration.ofSeconds(10);

    /** The event the executor sends itself to execute a run started over HTTP. */
    static final String RUN_EVENT_SOURCE = "writeback.run";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorHandler.class);

    private final ExecutorWiring wiring;
    private final HttpApi api;

    /** Used by Lambda: wires AWS adapters from the environment, once per container. */
    public ExecutorHandler() {
        this(ExecutorWiring.fromEnvironment());
    }

    public ExecutorHandler(ExecutorWiring wiring) {
        this.wiring = wiring;
        this.api = new HttpApi(wiring.callers());
        new RunRoutes(wiring.runs()).register(api);
    }

    /** The event that makes an executor execute a claimed run. */
    public static byte[] runEvent(String runId) {
        java.util.Map<String, String> event = new java.util.LinkedHashMap<>();
        event.put("source", RUN_EVENT_SOURCE);
        event.put("runId", runId);
        return Json.write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public HttpApi api() {
        return api;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (FunctionLogging.Scope invocation = FunctionLogging.invocation(context)) {
            handle(input, output, context);
        }
    }

    private void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        Deadline deadline = deadline(context, wiring.clock());
        Object result;
        if (event != null && event.has("requestContext") && event.has("routeKey")) {
            result = api.handle(Json.MAPPER.treeToValue(event, APIGatewayV2HTTPEvent.class));
        } else if (event != null && RUN_EVENT_SOURCE.equals(event.path("source").asText())) {
            String runId = event.path("runId").asText(null);
            if (runId == null || runId.isBlank()) {
                throw new InvalidInputException("A run event needs runId.");
            }
            Run run = wiring.runs().execute(runId, deadline);
            result = java.util.Map.of("runId", run.id(), "status", run.status());
        } else if (event != null && ScheduleEvent.looksLikeOne(event)) {
            ScheduleEvent schedule = ScheduleEvent.parse(event);
            try {
                result = summary(wiring.runs().runScheduled(schedule.jobId(), schedule.eventId(), schedule.attempt(), deadline));
            } catch (NotFoundException | InvalidStateException skipped) {
                // a deleted or paused job: retrying the event would not help, so it is acknowledged and skipped
                LOG.info("Schedule event skipped", entry("jobId", schedule.jobId()), entry("eventId", schedule.eventId()),
                        entry("reason", skipped.getMessage()));
                result = java.util.Map.of("jobId", schedule.jobId(), "skipped", skipped.getMessage());
            }
        } else {
            throw new InvalidInputException("The executor takes HTTP API events, run events and schedule events; this event is none of them.");
        }
        Json.MAPPER.writeValue(output, result);
    }

    static Deadline deadline(Context context, Clock clock) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return Deadline.after(Duration.ofMinutes(14), clock);
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RECORD_MARGIN);
        return Deadline.after(remaining.isNegative() ? Duration.ZERO : remaining, clock);
    }

    private static java.util.Map<String, Object> summary(RunService.Started started) {
        Run run = started.run();
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("runId", run.id());
        m.put("jobId", run.jobId());
        m.put("status", run.status());
        m.put("duplicate", started.duplicate());
        if (run.error() != null) {
            m.put("error", run.error().message());
        }
        return m;
    }
}
