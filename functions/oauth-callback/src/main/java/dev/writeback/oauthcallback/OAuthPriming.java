package dev.writeback.oauthcallback;

import dev.writeback.api.HttpApi;
import dev.writeback.aws.AwsPriming;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.lambda.SnapStartPriming;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.ScriptPriming;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The OAuth function's SnapStart hooks: before the snapshot, GraalJS (representative auth scripts, requests refused by
 * the address guard), the API's answers (Jackson) and the AWS adapters' marshalling (requests stopped before
 * sending); after a restore, fresh seeds for the scripts. No network, no store. OAuth {@code state} and PKCE values
 * are drawn per request from a {@code SecureRandom}, never during init.
 */
public final class OAuthPriming {
    private OAuthPriming() {
    }

    /** @param sdkHttp the HTTP client the priming SDK clients are built on (no request reaches it) */
    public static SnapStartPriming create(HttpApi api, ScriptRunner scripts, Supplier<SdkHttpClient> sdkHttp) {
        SnapStartPriming priming = new SnapStartPriming("oauth-callback")
                .prime("http-api", api::prime)
                .prime("aws-sdk", () -> AwsPriming.marshalOffline(sdkHttp));
        if (scripts instanceof GraalScriptRunner runner) {
            priming.prime("scripts", () -> ScriptPriming.prime(runner));
        }
        return priming.onRestore(GraalScriptRunner::reseedAfterRestore);
    }
}
