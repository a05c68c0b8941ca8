package dev.writeback.core.account;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** OAuth tokens as stored in an account's vault document ({@link AccountCredentials} keys). */
final class OAuthCredentials {
    private OAuthCredentials() {
    }

    /** The vault document for new tokens; a refresh that returned no refresh token keeps {@code previousRefreshToken}. */
    static Map<String, String> toStored(OAuthTokens tokens, String previousRefreshToken) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(AccountCredentials.ACCESS_TOKEN, tokens.accessToken());
        String refresh = tokens.refreshToken() != null ? tokens.refreshToken() : previousRefreshToken;
        if (refresh != null) {
            m.put(AccountCredentials.REFRESH_TOKEN, refresh);
        }
        if (tokens.expiresAt() != null) {
            m.put(AccountCredentials.EXPIRES_AT, tokens.expiresAt().toString());
        }
        return m;
    }

    static Instant expiresAt(Map<String, String> stored) {
        String v = stored.get(AccountCredentials.EXPIRES_AT);
        return v == null ? null : Instant.parse(v);
    }
}
