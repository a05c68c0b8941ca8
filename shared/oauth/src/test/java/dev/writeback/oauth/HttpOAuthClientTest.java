package dev.writeback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.account.OAuthClient.AuthorizationRequest;
import dev.writeback.core.account.OAuthException;
import dev.writeback.core.account.OAuthTokens;
import dev.writeback.core.connector.OAuthSettings;
import dev.writeback.core.net.AddressGuard;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpOAuthClientTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    final HttpOAuthClient client = new HttpOAuthClient(
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1), AddressGuard.publicInternetOnly());

    static OAuthSettings settings(boolean pkce) {
        return new OAuthSettings(OAuthSettings.Grant.AUTHORIZATION_CODE, "https://id.example.com/authorize?tenant=a b",
                "https://id.example.com/token", null, "client 1", List.of("read", "write:all"),
                Map.of("prompt", "consent", "state", "attacker-chosen"), Map.of(), OAuthSettings.ClientAuth.BASIC,
                pkce, false);
    }

    @Test
    void pkceS256IsTheUnpaddedBase64urlSha256OfTheVerifier() {
        // expected value from: printf %s VERIFIER | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '='
        assertEquals("qgW6Jj_Gtn1QQhuWogr6_sWi1ckcfn2Ruip8CBH7SAY",
                Pkce.s256Challenge("dBjftJeZ4CVP-mJ92K9qkmR8dnWO6eOp7kNt0FmZ4oc"));
        assertEquals(43, Pkce.newVerifier().length());
    }

    @Test
    void theAuthorizationUrlCarriesEveryParameterEncodedAndExtrasCannotOverrideTheProtocol() {
        AuthorizationRequest r = client.authorization(settings(true), "https://wb.example.com/oauth/callback", "s1");
        assertEquals("https://id.example.com/authorize?tenant=a b&response_type=code&client_id=client%201"
                + "&redirect_uri=https%3A%2F%2Fwb.example.com%2Foauth%2Fcallback&scope=read%20write%3Aall&state=s1"
                + "&code_challenge=" + Pkce.s256Challenge(r.codeVerifier()) + "&code_challenge_method=S256"
                + "&prompt=consent", r.url());
    }

    @Test
    void withoutPkceThereIsNoChallengeAndNoVerifier() {
        AuthorizationRequest r = client.authorization(settings(false), "https://wb.example.com/cb", "s1");
        assertNull(r.codeVerifier());
        assertEquals(false, r.url().contains("code_challenge"));
    }

    static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTokenResponseGivesTokensExpiryAndGrantedScopes() {
        OAuthTokens t = client.parse("id", 200, body("{\"access_token\":\"a\",\"refresh_token\":\"r\","
                + "\"expires_in\":\"3600\",\"scope\":\"read\",\"token_type\":\"Bearer\"}"), List.of("read", "write"));
        assertEquals(new OAuthTokens("a", "r", NOW.plusSeconds(3600), List.of("read")), t);
        OAuthTokens noScope = client.parse("id", 200, body("{\"access_token\":\"a\"}"), List.of("read", "write"));
        assertEquals(new OAuthTokens("a", null, null, List.of("read", "write")), noScope);
    }

    @Test
    void errorsAreClassified() {
        OAuthException grant = assertThrows(OAuthException.class, () -> client.parse("id", 400,
                body("{\"error\":\"invalid_grant\",\"error_description\":\"expired\"}"), List.of()));
        assertEquals(OAuthException.Kind.REVOKED, grant.kind());
        assertEquals("The OAuth provider refused: invalid_grant (expired).", grant.getMessage());
        assertEquals(OAuthException.Kind.REVOKED, kind(401, "{\"error\":\"invalid_client\"}"));
        assertEquals(OAuthException.Kind.REVOKED, kind(400, "{\"error\":\"unauthorized_client\"}"));
        assertEquals(OAuthException.Kind.REFUSED, kind(400, "{\"error\":\"invalid_scope\"}"));
        assertEquals(OAuthException.Kind.UNAVAILABLE, kind(503, "<html>down</html>"));
        assertEquals(OAuthException.Kind.UNAVAILABLE, kind(429, ""));
        assertEquals(OAuthException.Kind.UNAVAILABLE, kind(400, "{\"error\":\"temporarily_unavailable\"}"));
        assertEquals(OAuthException.Kind.UNAVAILABLE, kind(500, "{\"error\":\"server_error\"}"));
        assertEquals(OAuthException.Kind.INVALID_RESPONSE, kind(200, "access_token=a&token_type=bearer"));
        assertEquals(OAuthException.Kind.INVALID_RESPONSE, kind(200, "{\"token_type\":\"Bearer\"}"));
        assertEquals(OAuthException.Kind.INVALID_RESPONSE, kind(404, "<html>not found</html>"));
    }

    @Test
    void aTokenUrlOnAnInternalAddressIsNeverSentTheClientSecret() {
        for (String url : new String[] {"http://127.0.0.1:8080/token", "https://169.254.169.254/token",
                "https://10.1.2.3/token", "https://[::ffff:127.0.0.1]/token", "https://[64:ff9b::a9fe:a9fe]/token"}) {
            OAuthSettings s = new OAuthSettings(OAuthSettings.Grant.CLIENT_CREDENTIALS, null, url, null, "c", List.of(),
                    Map.of(), Map.of(), OAuthSettings.ClientAuth.BODY, false, false);
            OAuthException e = assertThrows(OAuthException.class, () -> client.clientCredentials(s, "secret"), url);
            assertEquals(OAuthException.Kind.BLOCKED, e.kind(), url);
            assertTrue(e.getMessage().startsWith("The OAuth token URL "), e.getMessage());
            assertTrue(e.getMessage().contains(" was not called: "), e.getMessage());
        }
    }

    private OAuthException.Kind kind(int status, String text) {
        return assertThrows(OAuthException.class, () -> client.parse("id", status, body(text), List.of())).kind();
    }
}
