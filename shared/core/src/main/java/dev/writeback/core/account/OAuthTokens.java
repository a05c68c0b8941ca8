package dev.writeback.core.account;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a token endpoint granted.
 *
 * @param refreshToken null when the provider issued none (a refresh then keeps the previous one)
 * @param expiresAt null when the provider did not say ({@code expires_in} absent)
 * @param scopes the granted scopes ({@code scope} of the response, else those requested)
 */
public record OAuthTokens(String accessToken, String refreshToken, Instant expiresAt, List<String> scopes) {
    public OAuthTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "OAuthTokens[expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
