package dev.writeback.core.account;

import dev.writeback.core.connector.OAuthSettings;

/**
 * The OAuth 2.0 client a connector's settings describe: builds authorization requests and talks to
 * the token endpoint. Failures are {@link OAuthException}s saying whether the provider refused
 * (and whether the user must authorize again) or could not be reached.
 */
public interface OAuthClient {

    /**
     * The URL to send the user's browser to, with {@code response_type=code}, the client id, the
     * exact redirect URI, scopes, the connector's extra parameters, {@code state} and, when the
     * settings ask for PKCE, an S256 code challenge whose verifier is returned.
     */
    AuthorizationRequest authorization(OAuthSettings settings, String redirectUri, String state);

    /** Exchanges an authorization code (with the PKCE verifier, or null without PKCE). */
    OAuthTokens exchangeCode(OAuthSettings settings, String clientSecret, String redirectUri, String code,
                             String codeVerifier);

    /** Uses a refresh token at the refresh URL (the token URL unless set). */
    OAuthTokens refresh(OAuthSettings settings, String clientSecret, String refreshToken);

    /** The client credentials grant: a token for the client itself, no browser. */
    OAuthTokens clientCredentials(OAuthSettings settings, String clientSecret);

    /**
     * @param url where the browser goes
     * @param codeVerifier the PKCE verifier to keep server-side until the callback, or null without PKCE
     */
    record AuthorizationRequest(String url, String codeVerifier) {
    }
}
