package dev.writeback.oauthcallback;

import dev.writeback.api.CallerResolver;
import dev.writeback.aws.AwsStores;
import dev.writeback.core.Services;
import dev.writeback.core.account.OAuthClient;
import dev.writeback.core.account.OAuthConnectService;
import dev.writeback.core.account.OAuthStateRepository;
import dev.writeback.core.data.DomoApi;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.oauth.HttpOAuthClient;
import dev.writeback.script.GraalScriptRunner;
import java.time.Clock;

/**
 * What the OAuth function runs on: the connect use case, how callers are known, where providers send
 * users back, and the script runner (primed before a SnapStart snapshot). {@link #of} wires it over any set of services (the embedded default and the tests pass
 * their own); {@link #fromEnvironment} over the AWS adapters the function's environment names:
 * {@code OAUTH_REDIRECT_URI} (optional: the exact callback URL registered at providers when the API sits
 * behind a custom domain; without it the URL is derived from the domain and stage each request came
 * through), the stores' {@code TABLE_NAME}, {@code BUCKET_NAME}, {@code SECRET_PREFIX}, and
 * {@code DOMO_BASE_URL} (what scripts see as {@code metadata.baseurl}). The function has no job
 * scheduler and no data plane: it asks for neither jobs nor runs.
 */
public record OAuthWiring(OAuthConnectService oauth, CallerResolver callers, CallbackUrl callbackUrl, ScriptRunner scripts) {
    public static final String REDIRECT_URI_VARIABLE = "OAUTH_REDIRECT_URI";

    public static OAuthWiring of(Services services, OAuthClient oauthClient, CallerResolver callers,
                                 CallbackUrl callbackUrl) {
        return new OAuthWiring(new OAuthConnectService(services.accountRepository(), services.accounts(),
                services.connectors(), services.connectorRepository(), new OAuthStateRepository(services.table()),
                services.vault(), oauthClient, services.addressGuard(), services.clock(),
                OAuthConnectService.STATE_LIFETIME), callers, callbackUrl, services.scripts());
    }

    /** The AWS wiring, built once per container. */
    public static OAuthWiring fromEnvironment() {
        CallbackUrl callbackUrl = CallbackUrl.configuredOrDerived(System.getenv(REDIRECT_URI_VARIABLE));
        Clock clock = Clock.systemUTC();
        return of(awsServices(clock), HttpOAuthClient.create(clock), CallerResolver.fromEnvironment(), callbackUrl);
    }

    private static Services awsServices(Clock clock) {
        AwsStores stores = AwsStores.fromEnvironment();
        return Services.builder()
                .table(stores.table()).blobs(stores.blobs()).vault(stores.vault())
                .scripts(GraalScriptRunner.create())
                .domoVerifier(credentials -> {
                    throw new IllegalStateException("The OAuth function does not verify Domo clients.");
                })
                .clock(clock).domoBaseUrl(System.getenv().getOrDefault("DOMO_BASE_URL", DomoApi.DEFAULT_BASE_URL))
                .build();
    }
}
