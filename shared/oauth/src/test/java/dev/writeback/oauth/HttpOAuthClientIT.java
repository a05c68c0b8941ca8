package dev.writeback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.account.OAuthClient.AuthorizationRequest;
import dev.writeback.core.account.OAuthException;
import dev.writeback.core.account.OAuthTokens;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.testing.RebindingResolver;
import dev.writeback.testing.oauth.OAuthServerExtension;
import dev.writeback.testing.oauth.OAuthServerExtension.Landing;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against oidc-provider: what the server enforces is what the client's errors say. */
class HttpOAuthClientIT {
    static final String REDIRECT = "http://127.0.0.1:9/oauth/callback";
    @RegisterExtension
    static final OAuthServerExtension PROVIDER = new OAuthServerExtension(REDIRECT);
    final HttpOAuthClient client = HttpOAuthClient.create(Clock.systemUTC(),
            AddressGuard.publicInternetOnly().allowing(Set.of(PROVIDER.hostPort())));

    OAuthSettings settings(String clientId, OAuthSettings.ClientAuth auth) {
        return new OAuthSettings(OAuthSettings.Grant.AUTHORIZATION_CODE, PROVIDER.authorizationUrl(),
                PROVIDER.tokenUrl(), null, clientId, List.of("openid", "offline_access"), Map.of("prompt", "consent"),
                Map.of(), auth, true, false);
    }

    record Code(String code, String verifier) {
    }

    Code authorize(OAuthSettings s) throws Exception {
        AuthorizationRequest r = client.authorization(s, REDIRECT, "state-1");
        Landing landing = PROVIDER.browser().open(r.url());
        assertTrue(landing.redirected(), landing.body());
        String query = URI.create(landing.redirect().toString()).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                return new Code(URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8), r.codeVerifier());
            }
        }
        throw new AssertionError("no code in " + landing.redirect());
    }

    @Test
    void codeExchangeRefreshAndRotationWithBasicAndBodyClientAuth() throws Exception {
        for (var c : List.of(Map.entry(settings(OAuthServerExtension.BASIC_CLIENT_ID, OAuthSettings.ClientAuth.BASIC),
                        OAuthServerExtension.BASIC_CLIENT_SECRET),
                Map.entry(settings(OAuthServerExtension.POST_CLIENT_ID, OAuthSettings.ClientAuth.BODY),
                        OAuthServerExtension.POST_CLIENT_SECRET))) {
            Code code = authorize(c.getKey());
            OAuthTokens t = client.exchangeCode(c.getKey(), c.getValue(), REDIRECT, code.code(), code.verifier());
            assertNotNull(t.refreshToken());
            assertEquals(List.of("openid", "offline_access"), t.scopes());
            OAuthTokens refreshed = client.refresh(c.getKey(), c.getValue(), t.refreshToken());
            assertTrue(!refreshed.refreshToken().equals(t.refreshToken()), "the refresh token rotates");
        }
    }

    @Test
    void aCodeCanBeRedeemedOnce() throws Exception {
        OAuthSettings s = settings(OAuthServerExtension.BASIC_CLIENT_ID, OAuthSettings.ClientAuth.BASIC);
        Code code = authorize(s);
        client.exchangeCode(s, OAuthServerExtension.BASIC_CLIENT_SECRET, REDIRECT, code.code(), code.verifier());
        OAuthException reused = assertThrows(OAuthException.class, () -> client.exchangeCode(s,
                OAuthServerExtension.BASIC_CLIENT_SECRET, REDIRECT, code.code(), code.verifier()));
        assertEquals("invalid_grant", reused.error());
        assertEquals(OAuthException.Kind.REVOKED, reused.kind());
    }

    @Test
    void aWrongPkceVerifierIsRefused() throws Exception {
        OAuthSettings s = settings(OAuthServerExtension.BASIC_CLIENT_ID, OAuthSettings.ClientAuth.BASIC);
        Code code = authorize(s);
        OAuthException e = assertThrows(OAuthException.class, () -> client.exchangeCode(s,
                OAuthServerExtension.BASIC_CLIENT_SECRET, REDIRECT, code.code(), Pkce.newVerifier()));
        assertEquals("invalid_grant", e.error());
        assertEquals("grant request is invalid", e.description());
    }

    @Test
    void aWrongClientSecretIsInvalidClient() throws Exception {
        OAuthSettings s = settings(OAuthServerExtension.BASIC_CLIENT_ID, OAuthSettings.ClientAuth.BASIC);
        Code code = authorize(s);
        OAuthException e = assertThrows(OAuthException.class, () -> client.exchangeCode(s, "wrong-secret", REDIRECT,
                code.code(), code.verifier()));
        assertEquals("invalid_client", e.error());
        assertEquals(OAuthException.Kind.REVOKED, e.kind());
    }

    @Test
    void clientCredentialsGiveATokenWithoutABrowser() {
        OAuthSettings s = new OAuthSettings(OAuthSettings.Grant.CLIENT_CREDENTIALS, null, PROVIDER.tokenUrl(), null,
                OAuthServerExtension.SERVICE_CLIENT_ID, List.of("api:read"), Map.of(), Map.of(),
                OAuthSettings.ClientAuth.BASIC, false, false);
        OAuthTokens t = client.clientCredentials(s, OAuthServerExtension.SERVICE_CLIENT_SECRET);
        assertEquals(List.of("api:read"), t.scopes());
        assertTrue(t.expiresAt().isAfter(Instant.now().plus(Duration.ofSeconds(60))));
    }

    /** A loopback port that was just freed: the connection is refused. */
    @Test
    void anUnreachableTokenEndpointIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        OAuthSettings s = new OAuthSettings(OAuthSettings.Grant.CLIENT_CREDENTIALS, null,
                "http://127.0.0.1:" + closedPort + "/token", null, "c", List.of(), Map.of(), Map.of(),
                OAuthSettings.ClientAuth.BODY, false, false);
        HttpOAuthClient local = new HttpOAuthClient(
                Clock.systemUTC(), Duration.ofSeconds(1),
                AddressGuard.publicInternetOnly().allowing(Set.of("127.0.0.1:" + closedPort)));
        OAuthException e = assertThrows(OAuthException.class, () -> local.clientCredentials(s, "secret"));
        assertEquals(OAuthException.Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void theTokenRequestGoesToTheAddressTheCheckResolvedNotToWhatTheNameAnswersLater() throws Exception {
        List<String> hosts = new CopyOnWriteArrayList<>();
        try (LoopbackServer tokens = LoopbackServer.start(exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            LoopbackServer.reply(exchange, 200, "application/json",
                    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}".getBytes(StandardCharsets.UTF_8));
        })) {
            // the check resolves 127.0.0.1; asked again, the name would answer cloud metadata
            RebindingResolver rebinding = new RebindingResolver("tokens.rebind.test", "127.0.0.1", "169.254.169.254");
            HttpOAuthClient pinned = HttpOAuthClient.create(Clock.systemUTC(), AddressGuard.publicInternetOnly()
                    .allowing(Set.of("tokens.rebind.test:" + tokens.port())).resolvingWith(rebinding));
            OAuthSettings s = new OAuthSettings(OAuthSettings.Grant.CLIENT_CREDENTIALS, null,
                    "http://tokens.rebind.test:" + tokens.port() + "/token", null, "c", List.of(), Map.of(), Map.of(),
                    OAuthSettings.ClientAuth.BODY, false, false);

            assertEquals("at-1", pinned.clientCredentials(s, "secret").accessToken());
            assertEquals(List.of("tokens.rebind.test:" + tokens.port()), hosts);
            assertEquals(1, rebinding.lookups(), "resolved once, by the check");
        }
    }
}
