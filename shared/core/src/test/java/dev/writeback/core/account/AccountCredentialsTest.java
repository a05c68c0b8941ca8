package dev.writeback.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.Authentication;
import dev.writeback.core.connector.ConnectorStatus;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.testing.TestWorld;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountCredentialsTest {

    private static ConnectorVersion connector(Authentication auth) {
        return new ConnectorVersion("con-1", 1, ConnectorStatus.PUBLISHED, Visibility.PRIVATE, "acme", "alice", "CRM", null,
                null, auth, null, null, null, null, TestWorld.START, TestWorld.START, null, null, 1);
    }

    @Test
    void anOAuthAccountShowsTheScriptTheDomoKeysAndOnlyTheAccessToken() {
        ConnectorVersion c = connector(new Authentication(AuthType.OAUTH2, TestWorld.oauth(), null, true));
        Map<String, String> stored = Map.of(AccountCredentials.ACCESS_TOKEN, "at-1", AccountCredentials.REFRESH_TOKEN, "rt-1",
                AccountCredentials.EXPIRES_AT, "2025-03-01T10:00:00Z");

        Map<String, Object> m = AccountCredentials.metadata(c, stored, "client-secret");

        assertEquals("client-1", m.get("clientKey"));
        assertEquals("client-secret", m.get("clientSecret"));
        assertEquals("https://auth.example.com/authorize", m.get("authorizationURL"));
        assertEquals("https://auth.example.com/token", m.get("accessTokenURL"));
        assertEquals("read write", m.get("scope"));
        assertEquals("at-1", m.get("accesstoken"));
        assertTrue(m.containsKey("username") && m.get("username") == null);
        assertTrue(!m.containsValue("rt-1"), "the refresh token never reaches a script");
        assertEquals(Set.of("at-1", "rt-1", "client-secret"), AccountCredentials.secrets(c, stored, "client-secret"));
    }

    @Test
    void credentialsRoundTripThroughTheVaultDocument() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", "bob");
        fields.put("password", "p\"w");
        assertEquals(fields, AccountCredentials.parse(AccountCredentials.serialize(fields)));
        assertEquals(Set.of("p\"w", "bob:p\"w"), AccountCredentials.secrets(
                connector(new Authentication(AuthType.USERNAME_PASSWORD, null, List.of(), false)), fields, null),
                "the password, and the user:password pair a script encodes for HTTP Basic");
    }
}
