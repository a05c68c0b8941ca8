package dev.writeback.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import dev.writeback.executor.ExecutorPriming;
import dev.writeback.lambda.SnapStartPriming;
import dev.writeback.local.LocalFunction;
import dev.writeback.local.LocalPlatform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * One JVM of {@code bin/bench cold}: starts the embedded default over a home a demo made, runs its job once through the
 * executor function (a schedule event, as {@code bin/writeback invoke executor} sends) and prints one line of figures.
 * With {@code --primed} it first runs the executor's SnapStart priming and times the run after it, as a restored
 * environment would see it.
 *
 * <p>Usage: {@code ColdRun HOME DATASETS JOB_ID [--primed]}
 */
public final class ColdRun {
    private ColdRun() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        long jvmStart = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        boolean primed = args.length > 3 && args[3].equals("--primed");
        System.setProperty("writeback.sweepSeconds", "0");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Settings(Path.of(args[0]), Path.of(args[1]), 0, 0, 0))) {
            long platformAt = System.currentTimeMillis();
            LocalFunction executor = platform.functions().stream().filter(f -> f.name().equals("executor")).findFirst().orElseThrow();
            long primingMs = 0;
            if (primed) {
                SnapStartPriming priming = ExecutorPriming.create(executor.routes(), platform.services().scripts(), UrlConnectionHttpClient::create);
                long before = System.currentTimeMillis();
                priming.beforeCheckpoint(null);
                primingMs = System.currentTimeMillis() - before;
                if (!priming.failedSteps().isEmpty()) {
                    throw new IllegalStateException("priming steps failed: " + priming.failedSteps());
                }
            }
            long runStart = System.currentTimeMillis();
            long cpuBeforeRun = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
            byte[] event = Json.MAPPER.writeValueAsBytes(Map.of("source", "writeback.schedule", "jobId", args[2],
                    "scheduledEventId", "bench-" + UUID.randomUUID(), "attempt", 0));
            JsonNode answer = Json.MAPPER.readTree(executor.invoker().invoke(event));
            long runDone = System.currentTimeMillis();
            if (!"SUCCEEDED".equals(answer.path("status").asText())) {
                throw new IllegalStateException("the run did not succeed: " + new String(Json.MAPPER.writeValueAsBytes(answer), StandardCharsets.UTF_8));
            }
            long cpuMs = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
            System.out.println("cold-run start_to_run_done_ms=" + (runDone - jvmStart) + " jvm_to_main_ms=" + (mainAt - jvmStart)
                    + " platform_start_ms=" + (platformAt - mainAt) + " priming_ms=" + primingMs + " run_ms=" + (runDone - runStart)
                    + " cpu_ms=" + cpuMs + " run_cpu_ms=" + (cpuMs - cpuBeforeRun));
        }
    }
}
