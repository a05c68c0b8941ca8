package dev.writeback.registration;

import java.util.Map;

/**
 * How the studio's pages sign in, told to them by {@code GET /studio/config.json}: {@code local} (a "sign in as"
 * form whose company, user and roles go in the caller headers the embedded default trusts) or {@code oidc} (an
 * authorization-code + PKCE login at the JWT issuer, {@code STUDIO_OIDC_ISSUER}, as the public client
 * {@code STUDIO_OIDC_CLIENT_ID}, exchanging the code at {@code STUDIO_OIDC_TOKEN_ENDPOINT} when the issuer's token
 * endpoint is on another host, as Cognito's is; null: the discovery document's, on the issuer's origin).
 */
public record StudioSignIn(String mode, String issuer, String clientId, String tokenEndpoint) {
    public static final String ISSUER_ENV = "STUDIO_OIDC_ISSUER";
    public static final String CLIENT_ID_ENV = "STUDIO_OIDC_CLIENT_ID";
    public static final String TOKEN_ENDPOINT_ENV = "STUDIO_OIDC_TOKEN_ENDPOINT";

    public static StudioSignIn localHeaders() {
        return new StudioSignIn("local", null, null, null);
    }

    public static StudioSignIn oidc(String issuer, String clientId) {
        return oidc(issuer, clientId, null);
    }

    public static StudioSignIn oidc(String issuer, String clientId, String tokenEndpoint) {
        return new StudioSignIn("oidc", issuer, clientId, tokenEndpoint == null || tokenEndpoint.isBlank() ? null : tokenEndpoint);
    }

    public static StudioSignIn fromEnvironment(Map<String, String> env) {
        return oidc(env.get(ISSUER_ENV), env.get(CLIENT_ID_ENV), env.get(TOKEN_ENDPOINT_ENV));
    }

    /** The issuer's origin, which the page's Content-Security-Policy lets it call; null without one. */
    String issuerOrigin() {
        return origin(issuer);
    }

    /** The token endpoint's origin when it is not the issuer's, which the policy lets the page call too; else null. */
    String tokenEndpointOrigin() {
        String origin = origin(tokenEndpoint);
        return origin == null || origin.equals(issuerOrigin()) ? null : origin;
    }

    private static String origin(String url) {
        if (url == null || !url.matches("https?://[^/?#\\s;,']+(/.*)?")) {
            return null;
        }
        int pathStart = url.indexOf('/', url.indexOf("//") + 2);
        return pathStart < 0 ? url : url.substring(0, pathStart);
    }
}
