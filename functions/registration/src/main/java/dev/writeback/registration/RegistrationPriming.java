package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.aws.AwsPriming;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.lambda.SnapStartPriming;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.ScriptPriming;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The registration function's SnapStart hooks: before the snapshot, GraalJS (the syntax check and representative
 * scripts, requests refused by the address guard), the API's answers (Jackson) and the AWS adapters' marshalling
 * (requests stopped before sending); after a restore, fresh seeds for the scripts and the Domo retry jitter. No
 * network, no store.
 */
public final class RegistrationPriming {
    private RegistrationPriming() {
    }

    /** @param sdkHttp the HTTP client the priming SDK clients are built on (no request reaches it) */
    public static SnapStartPriming create(HttpApi api, ScriptRunner scripts, Supplier<SdkHttpClient> sdkHttp) {
        SnapStartPriming priming = new SnapStartPriming("registration")
                .prime("http-api", api::prime)
                .prime("aws-sdk", () -> AwsPriming.marshalOffline(sdkHttp));
        if (scripts instanceof GraalScriptRunner runner) {
            priming.prime("scripts", () -> ScriptPriming.prime(runner));
        }
        return priming.onRestore(GraalScriptRunner::reseedAfterRestore).onRestore(RetryPolicy::reseedAfterRestore);
    }
}
