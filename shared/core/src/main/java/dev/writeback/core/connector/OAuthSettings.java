package dev.writeback.core.connector;

import dev.writeback.core.Ordered;
import java.util.List;
import java.util.Map;

/**
 * A connector's OAuth 2.0 client configuration. The client secret is not here: it lives in the
 * secret vault.
 *
 * @param grant authorization code (browser) or client credentials (no browser)
 * @param refreshUrl token URL used for refreshing, or null for {@code tokenUrl}
 * @param clientAuth how the client id and secret are sent to the token URL
 * @param pkce whether the authorization-code flow uses PKCE S256
 * @param refreshEveryRun refresh the access token before every run, whatever its expiry
 * @param authorizationParameters extra authorization request parameters, by name
 * @param tokenParameters extra token request parameters, by name
 */
public record OAuthSettings(Grant grant, String authorizationUrl, String tokenUrl, String refreshUrl, String clientId,
                            List<String> scopes, Map<String, String> authorizationParameters,
                            Map<String, String> tokenParameters, ClientAuth clientAuth, boolean pkce,
                            boolean refreshEveryRun) {
    public OAuthSettings {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        authorizationParameters = Ordered.byKey(authorizationParameters);
        tokenParameters = Ordered.byKey(tokenParameters);
        clientAuth = clientAuth == null ? ClientAuth.BASIC : clientAuth;
        grant = grant == null ? Grant.AUTHORIZATION_CODE : grant;
    }

    public String effectiveRefreshUrl() {
        return refreshUrl == null || refreshUrl.isBlank() ? tokenUrl : refreshUrl;
    }

    public enum Grant {
        AUTHORIZATION_CODE, CLIENT_CREDENTIALS
    }

    public enum ClientAuth {
        BASIC, BODY
    }
}
