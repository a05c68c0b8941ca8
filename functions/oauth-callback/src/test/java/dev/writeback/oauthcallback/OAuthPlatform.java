package dev.writeback.oauthcallback;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writeback.api.CallerResolver;
import dev.writeback.aws.dynamo.DynamoDocumentTable;
import dev.writeback.core.Services;
import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.account.Account;
import dev.writeback.core.account.AccountCredentials;
import dev.writeback.core.account.OAuthConnectService;
import dev.writeback.core.account.RefreshingRunCredentials;
import dev.writeback.core.agreement.UserAgreement;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.connector.ScriptKind;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.store.DocumentTable;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryVault;
import dev.writeback.core.testing.MutableClock;
import dev.writeback.oauth.HttpOAuthClient;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.HttpPolicy;
import dev.writeback.script.ScriptLimits;
import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.oauth.OAuthServerExtension;
import dev.writeback.testing.openapi.OpenApiContract;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OAuth function's real handler over the real stores' table adapter (DynamoDB on dynalite),
 * in-memory blobs and vault, the GraalJS sandbox allowed to call the provider, and the real
 * oidc-provider. Users are signed in through the local-mode caller headers. Every answer is checked to be what
 * {@code openapi.yaml} documents for its route and status.
 */
final class OAuthPlatform implements AutoCloseable {
    static final String REDIRECT = "http://127.0.0.1:9/oauth/callback";
    static final String OTHER_REDIRECT = "http://127.0.0.1:9/other/callback";
    static final Caller AUTHOR = new Caller("acme", "author-1", Set.of(Role.AUTHOR));
    static final Caller REVIEWER = new Caller("acme", "reviewer-1", Set.of(Role.REVIEWER));
    static final Caller ALICE = new Caller("acme", "alice", Set.of());
    static final Caller BOB = new Caller("acme", "bob", Set.of());
    /** Accepts the account only if the provider says its access token is active (token introspection). */
    static final String INTROSPECTING_AUTH_SCRIPT = """
            var creds = DOMO.b64EncodeUnicode(metadata.account.clientKey + ':' + metadata.account.clientSecret);
            httprequest.addHeader('Authorization', 'Basic ' + creds);
            httprequest.addHeader('Content-Type', 'application/x-www-form-urlencoded');
            var res = httprequest.post('%s', 'token=' + encodeURIComponent(metadata.account.accesstoken));
            if (httprequest.getStatusCode() === 200 && JSON.parse(res).active === true) {
              auth.authenticationSuccess();
            } else {
              auth.authenticationFailed('The provider does not accept this token: ' + res);
            }
            """;
    private static final AtomicInteger TABLES = new AtomicInteger();

    final OAuthServerExtension provider;
    final MutableClock clock;
    final InMemoryVault vault;
    final DocumentTable table;
    final GraalScriptRunner scripts;
    final Services services;
    /** Where this deployment may send requests: public https, and the provider on loopback. */
    final AddressGuard guard;
    final HttpOAuthClient oauthClient;
    final OAuthConnectService oauth;
    /** The function's real handler, wired over this platform. */
    final OAuthCallbackHandler handler;
    final RefreshingRunCredentials credentials;

    OAuthPlatform(DynaliteExtension dynamo, OAuthServerExtension provider) {
        this(dynamo, provider, REDIRECT);
    }

    OAuthPlatform(DynaliteExtension dynamo, OAuthServerExtension provider, String redirectUri) {
        this.provider = provider;
        clock = MutableClock.ticking();
        vault = new InMemoryVault();
        String name = dynamo.tableName("oauth-" + TABLES.incrementAndGet());
        DynamoDocumentTable.createTable(dynamo.client(), name);
        table = new DynamoDocumentTable(dynamo.client(), name);
        scripts = new GraalScriptRunner(ScriptLimits.defaults(),
                HttpPolicy.defaults().withInternalTargets(Set.of(provider.hostPort())));
        guard = AddressGuard.publicInternetOnly().allowing(Set.of(provider.hostPort()));
        services = Services.builder().table(table).blobs(new InMemoryBlobStore()).vault(vault).scripts(scripts)
                .domoVerifier(c -> { }).addressGuard(guard).clock(clock)
                .testRunLauncher(built -> testRun -> { }).build();
        oauthClient = new HttpOAuthClient(clock, Duration.ofSeconds(10), guard);
        OAuthWiring wiring = OAuthWiring.of(services, oauthClient, CallerResolver.trustingHeaders(),
                CallbackUrl.fixed(redirectUri));
        oauth = wiring.oauth();
        handler = new OAuthCallbackHandler(wiring);
        credentials = new RefreshingRunCredentials(services.accountRepository(), services.connectors(), vault, table,
                oauthClient, clock, new RefreshingRunCredentials.Settings(Duration.ofSeconds(60), 3,
                Duration.ofMillis(20), Duration.ofSeconds(30)));
    }

    /** Another deployment (another redirect URI) over the same stores and provider. */
    OAuthPlatform withRedirect(String redirectUri) {
        return new OAuthPlatform(this, redirectUri, guard);
    }

    /**
     * Another deployment over the same stores whose address policy is public https endpoints only, so the provider
     * on loopback is refused when called, as the URLs of a connector saved before they were checked would be.
     */
    OAuthPlatform refusingTheProvider() {
        return new OAuthPlatform(this, REDIRECT, AddressGuard.publicInternetOnly());
    }

    private OAuthPlatform(OAuthPlatform base, String redirectUri, AddressGuard guard) {
        provider = base.provider;
        clock = base.clock;
        vault = base.vault;
        table = base.table;
        scripts = base.scripts;
        this.guard = guard;
        if (guard == base.guard) {
            services = base.services;
            oauthClient = base.oauthClient;
            credentials = base.credentials;
        } else {
            services = Services.builder().table(table).blobs(base.services.blobs()).vault(vault).scripts(scripts)
                    .domoVerifier(c -> { }).addressGuard(guard).clock(clock)
                .testRunLauncher(built -> testRun -> { }).build();
            oauthClient = new HttpOAuthClient(clock, Duration.ofSeconds(10), guard);
            credentials = new RefreshingRunCredentials(services.accountRepository(), services.connectors(), vault,
                    table, oauthClient, clock, new RefreshingRunCredentials.Settings(Duration.ofSeconds(60), 1,
                    Duration.ofMillis(20), Duration.ofSeconds(30)));
        }
        OAuthWiring wiring = OAuthWiring.of(services, oauthClient, CallerResolver.trustingHeaders(),
                CallbackUrl.fixed(redirectUri));
        oauth = wiring.oauth();
        handler = new OAuthCallbackHandler(wiring);
    }

    // ---- connectors

    OAuthSettings codeSettings(String clientId, OAuthSettings.ClientAuth clientAuth, boolean refreshEveryRun) {
        return new OAuthSettings(OAuthSettings.Grant.AUTHORIZATION_CODE, provider.authorizationUrl(),
                provider.tokenUrl(), null, clientId, List.of("openid", "offline_access"), Map.of("prompt", "consent"),
                Map.of(), clientAuth, true, refreshEveryRun);
    }

    OAuthSettings serviceSettings() {
        return new OAuthSettings(OAuthSettings.Grant.CLIENT_CREDENTIALS, null, provider.tokenUrl(), null,
                OAuthServerExtension.SERVICE_CLIENT_ID, List.of("api:read"), Map.of(), Map.of(),
                OAuthSettings.ClientAuth.BASIC, false, false);
    }

    String introspectingScript() {
        return INTROSPECTING_AUTH_SCRIPT.formatted(provider.introspectionUrl());
    }

    /**
     * Creates, configures and publishes an OAuth connector; returns its id. Its author first connects a test account to
     * the draft through the real flow and submits with it, as reviewers need one.
     */
    String publish(OAuthSettings settings, String clientSecret, String authScript) {
        String id = draft(settings, clientSecret, authScript);
        services.submitForReview().submit(AUTHOR, id, Visibility.PRIVATE, connectTestAccount(id), null);
        services.connectors().approve(REVIEWER, id);
        return id;
    }

    /** Creates and configures an OAuth connector, not submitted; returns its id. */
    String draft(OAuthSettings settings, String clientSecret, String authScript) {
        ConnectorService c = services.connectors();
        services.agreements().accept(AUTHOR, UserAgreement.CURRENT_VERSION);
        ConnectorVersion v = c.create(AUTHOR, "Provider " + settings.clientId(), "test connector");
        String id = v.connectorId();
        c.setDomoClient(AUTHOR, id, "domo-client", "domo-secret");
        c.setAuthentication(AUTHOR, id, new Authentication(AuthType.OAUTH2, settings, List.of(), true), clientSecret);
        c.putScript(AUTHOR, id, ScriptKind.AUTH, authScript);
        c.putScript(AUTHOR, id, ScriptKind.PROCESS, "datagrid.addColumn('a', datagrid.DATA_TYPE_STRING);");
        return id;
    }

    /** The author's account of the connector's draft, connected through the provider; its id. */
    String connectTestAccount(String connectorId) {
        OAuthSettings settings = services.connectors().get(AUTHOR, connectorId).authentication().oauth();
        if (settings.grant() == OAuthSettings.Grant.CLIENT_CREDENTIALS) {
            APIGatewayV2HTTPResponse r = post(AUTHOR, OAuthApi.CLIENT_CREDENTIALS,
                    Map.of("connectorId", connectorId, "name", "Review account"));
            if (r.getStatusCode() != 201) {
                throw new AssertionError("client-credentials answered " + r.getStatusCode() + ": " + r.getBody());
            }
            return Json.read(r.getBody(), Account.class).id();
        }
        Map<String, Object> started = start(AUTHOR, connectorId, null);
        OAuthServerExtension.Landing landing;
        try {
            landing = provider.browser().open((String) started.get("authorizationUrl"));
        } catch (Exception e) {
            throw new AssertionError("the provider's authorization page failed", e);
        }
        APIGatewayV2HTTPResponse page = callback(landing.redirect(), null);
        if (page.getStatusCode() != 200) {
            throw new AssertionError("the callback answered " + page.getStatusCode() + ": " + page.getBody());
        }
        return (String) started.get("accountId");
    }

    ConnectorVersion connector(String id) {
        return services.connectors().published(ALICE, id);
    }

    // ---- HTTP events through the real handler

    APIGatewayV2HTTPResponse post(Caller caller, String path, Object body) {
        APIGatewayV2HTTPEvent e = event("POST", path, caller);
        e.setBody(Json.write(body));
        return documented("POST", path, handler.handleRequest(e, null));
    }

    /** Every answer is checked to be what openapi.yaml documents for its route and status. */
    private static APIGatewayV2HTTPResponse documented(String method, String path, APIGatewayV2HTTPResponse r) {
        byte[] body = r.getBody() == null ? new byte[0] : r.getIsBase64Encoded()
                ? Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
        OpenApiContract.repository().check(method, path, r.getStatusCode(), r.getHeaders(), body);
        return r;
    }

    /** Starts connecting; returns the authorization URL. */
    Map<String, Object> start(Caller caller, String connectorId, String accountId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connectorId", connectorId);
        body.put("accountId", accountId);
        body.put("name", "My account");
        APIGatewayV2HTTPResponse r = post(caller, OAuthApi.START, body);
        if (r.getStatusCode() != 200) {
            throw new AssertionError("start answered " + r.getStatusCode() + ": " + r.getBody());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Json.read(r.getBody(), Map.class);
        return m;
    }

    /** The provider's redirect, delivered to the callback route by a browser (optionally signed in as {@code caller}). */
    APIGatewayV2HTTPResponse callback(URI redirect, Caller caller) {
        return callback(query(redirect), caller);
    }

    APIGatewayV2HTTPResponse callback(Map<String, String> query, Caller caller) {
        APIGatewayV2HTTPEvent e = event("GET", OAuthApi.CALLBACK, caller);
        e.setQueryStringParameters(query);
        return documented("GET", OAuthApi.CALLBACK, handler.handleRequest(e, null));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, Caller caller) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRawPath(path);
        e.setRouteKey(method + " " + path);
        Map<String, String> headers = new LinkedHashMap<>();
        if (caller != null) {
            headers.put(CallerResolver.COMPANY_HEADER, caller.companyId());
            headers.put(CallerResolver.USER_HEADER, caller.userId());
        }
        e.setHeaders(headers);
        return e;
    }

    // ---- what is stored

    Account account(String id) {
        return services.accountRepository().get(id);
    }

    Map<String, String> storedCredentials(String accountId) {
        return vault.get(Account.secretName(accountId)).map(AccountCredentials::parse).orElse(Map.of());
    }

    @Override
    public void close() {
        scripts.close();
    }
}
