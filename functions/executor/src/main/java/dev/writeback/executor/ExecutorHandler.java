package dev.writeback.executor;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.writeback.api.HttpApi;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.json.Json;
import dev.writeback.core.run.Run;
import dev.writeback.core.run.RunService;
import dev.writeback.core.testrun.TestRun;
import dev.writeback.core.time.Deadline;
import dev.writeback.lambda.FunctionLogging;
import dev.writeback.lambda.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Lambda entry point of the executor: HTTP API events (the runs and test-runs API), its own run and test-run events, schedule
 * events and the sweep's events, each parsed once into an {@link ExecutorEvent}. The run's deadline is the Lambda's remaining
 * time less a margin to record the outcome.
 */
public final class ExecutorHandler implements RequestStreamHandler {
    /** Time kept back from the Lambda's remaining time to finish the run record. */
    static final Duration RECORD_MARGIN = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorHandler.class);

    private final ExecutorWiring wiring;
    private final HttpApi api;
    /** SnapStart's hooks, held here: the runtime keeps its resources only weakly. */
    private final SnapStartPriming priming;

    /** Used by Lambda: wires AWS adapters from the environment, once per container. */
    public ExecutorHandler() {
        this(ExecutorWiring.fromEnvironment());
    }

    public ExecutorHandler(ExecutorWiring wiring) {
        this.wiring = wiring;
        this.api = new HttpApi(wiring.callers());
        new RunRoutes(wiring.runs()).register(api);
        new DiscoveryRoutes(wiring.discovery()).register(api);
        new TestRunRoutes(wiring.testRuns()).register(api);
        this.priming = ExecutorPriming.create(api, wiring.scripts(), UrlConnectionHttpClient::create).register();
    }

    /** The SnapStart hooks registered for this function. */
    public SnapStartPriming priming() {
        return priming;
    }

    /** The event that makes an executor execute a claimed run. */
    public static byte[] runEvent(String runId) {
        return new ExecutorEvent.RunEvent(runId).json();
    }

    /** The event that makes an executor execute a queued test run. */
    public static byte[] testRunEvent(String testRunId) {
        return new ExecutorEvent.TestRunEvent(testRunId).json();
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
        Deadline deadline = deadline(context, wiring.clock());
        Object result = switch (ExecutorEvent.parse(Json.MAPPER.readTree(input))) {
            case ExecutorEvent.ApiRequest(APIGatewayV2HTTPEvent request) -> api.handle(request);
            case ExecutorEvent.RunEvent(String runId) -> {
                Run run = wiring.runs().execute(runId, deadline);
                yield Map.of("runId", run.id(), "status", run.status());
            }
            case ExecutorEvent.TestRunEvent(String testRunId) -> {
                TestRun testRun = wiring.testRuns().execute(testRunId, deadline);
                yield Map.of("testRunId", testRun.id(), "status", testRun.status());
            }
            case ScheduleEvent schedule -> scheduled(schedule, deadline);
            case ExecutorEvent.Sweep sweep -> swept(wiring.runs().sweep());
        };
        Json.MAPPER.writeValue(output, result);
    }

    private Object scheduled(ScheduleEvent schedule, Deadline deadline) {
        try {
            return summary(wiring.runs().runScheduled(schedule.jobId(), schedule.eventId(), schedule.attempt(), deadline));
        } catch (NotFoundException | InvalidStateException skipped) {
            // a deleted or paused job: retrying the event would not help, so it is acknowledged and skipped
            LOG.info("Schedule event skipped", entry("jobId", schedule.jobId()), entry("eventId", schedule.eventId()),
                    entry("reason", skipped.getMessage()));
            return Map.of("jobId", schedule.jobId(), "skipped", skipped.getMessage());
        }
    }

    /** The sweep's answer, also logged when it ended any run. */
    private static Map<String, Object> swept(RunService.SweepReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sweep", "done");
        m.put("checked", report.checked());
        m.put("lost", report.lost());
        m.put("neverStarted", report.neverStarted());
        m.put("unlisted", report.unlisted());
        if (report.lost() + report.neverStarted() > 0) {
            LOG.warn("Runs nobody held were ended", entry("lost", report.lost()),
                    entry("neverStarted", report.neverStarted()));
        }
        return m;
    }

    static Deadline deadline(Context context, Clock clock) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return Deadline.after(Duration.ofMinutes(14), clock);
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RECORD_MARGIN);
        return Deadline.after(remaining.isNegative() ? Duration.ZERO : remaining, clock);
    }

    private static Map<String, Object> summary(RunService.Started started) {
        Run run = started.run();
        Map<String, Object> m = new LinkedHashMap<>();
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
