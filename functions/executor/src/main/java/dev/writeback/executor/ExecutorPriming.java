package dev.writeback.executor;

import dev.writeback.api.HttpApi;
import dev.writeback.aws.AwsPriming;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.lambda.SnapStartPriming;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.ScriptPriming;
import dev.writeback.sql.CalciteDataPlaneFactory;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The executor's SnapStart hooks: before the snapshot, Calcite (a query on an in-memory table), the scripts' GraalJS
 * (representative scripts through the host API, no DataSet, requests refused by the address guard), the events and
 * API answers (Jackson), and the AWS adapters' marshalling (requests stopped before sending); after a restore, fresh
 * seeds for the scripts' {@code Math.random} and the Domo retry jitter. No network, no store.
 */
public final class ExecutorPriming {
    private static final String SCHEDULE_EVENT = """
            {"source":"writeback.schedule","jobId":"job-priming","scheduledEventId":"priming","attempt":1}""";

    private ExecutorPriming() {
    }

    /** @param sdkHttp the HTTP client the priming SDK clients are built on (no request reaches it) */
    public static SnapStartPriming create(HttpApi api, ScriptRunner scripts, Supplier<SdkHttpClient> sdkHttp) {
        SnapStartPriming priming = new SnapStartPriming("executor")
                .prime("calcite", CalciteDataPlaneFactory::warmUp)
                .prime("events", () -> ExecutorEvent.parse(Json.MAPPER.readTree(SCHEDULE_EVENT)))
                .prime("http-api", api::prime)
                .prime("aws-sdk", () -> AwsPriming.marshalOffline(sdkHttp));
        if (scripts instanceof GraalScriptRunner runner) {
            priming.prime("scripts", () -> ScriptPriming.prime(runner));
        }
        return priming.onRestore(GraalScriptRunner::reseedAfterRestore).onRestore(RetryPolicy::reseedAfterRestore);
    }
}
