package dev.writeback.oauthcallback;

import dev.writeback.api.CallerResolver;
import dev.writeback.api.HttpApi;
import dev.writeback.aws.AwsStores;
import dev.writeback.core.Services;
import dev.writeback.core.account.OAuthClient;
import dev.writeback.core.account.OAuthConnectService;
import dev.writeback.core.account.OAuthStateRepository;
import dev.writeback.oauth.HttpOAuthClient;
import dev.writeback.script.GraalScriptRunner;
import java.time.Clock;

/**
 * The OAuth function's wiring. Environment: {@code OAUTH_REDIRECT_URI} (optional: the exact callback
 * URL registered at providers when the API sits behind a custom domain; without it the URL is
 * derived from the domain and stage each request came through), the stores'
 * {@code TABLE_NAME}, {@code BUCKET_NAME}, {@code SECRET_PREFIX}, and {@code DOMO_BASE_URL}
 * (what scripts see as {@code metadata.baseurl}).
 */
public final class OAuthWiring {
    public static final String REDIRECT_URI_VARIABLE = "OAUTH_REDIRECT_URI";

    private OAuthWiring() {
    }

    /** The connect use case over any set of services (the embedded default passes its own). */
    public static OAuthConnectService service(Services services, OAuthClient oauth) {
        return new OAuthConnectService(services.accountRepository(), services.accounts(), services.connectors(),
                services.connectorRepository(), new OAuthStateRepository(services.table()), services.vault(), oauth,
                services.clock(), OAuthConnectService.STATE_LIFETIME);
    }

    static HttpApi fromEnvironment() {
        CallbackUrl callbackUrl = CallbackUrl.configuredOrDerived(System.getenv(REDIRECT_URI_VARIABLE));
        AwsStores stores = AwsStores.fromEnvironment();
        Clock clock = Clock.systemUTC();
        Services services = Services.builder()
                .table(stores.table()).blobs(stores.blobs()).vault(stores.vault())
                .scripts(GraalScriptRunner.create())
                .domoVerifier(credentials -> {
                    throw new IllegalStateException("The OAuth function does not verify Domo clients.");
                })
                .clock(clock).domoBaseUrl(System.getenv().getOrDefault("DOMO_BASE_URL", "https://api.domo.com"))
                .build();
        return OAuthApi.create(service(services, HttpOAuthClient.create(clock)), CallerResolver.fromEnvironment(),
                callbackUrl);
    }
}
