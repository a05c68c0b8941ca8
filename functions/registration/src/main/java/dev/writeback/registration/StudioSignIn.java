package dev.writeback.registration;

import java.util.Map;

/**
 * How the studio's pages sign in, told to them by {@code GET /studio/config.json}: {@code local} (a "sign in as"
 * form whose company, user and roles go in the caller headers the embedded default trusts) or {@code oidc} (an
 * authorization-code + PKCE login at the JWT issuer, {@code STUDIO_OIDC_ISSUER}, as the public client
 * {@code STUDIO_OIDC_CLIENT_ID}).
 */
public record StudioSignIn(String mode, String issuer, String clientId) {
    public static final String ISSUER_ENV = "STUDIO_OIDC_ISSUER";
    public static final String CLIENT_ID_ENV = "STUDIO_OIDC_CLIENT_ID";

    public static StudioSignIn localHeaders() {
        return new StudioSignIn("local", null, null);
    }

    public static StudioSignIn oidc(String issuer, String clientId) {
        return new StudioSignIn("oidc", issuer, clientId);
    }

    public static StudioSignIn fromEnvironment(Map<String, String> env) {
        return oidc(env.get(ISSUER_ENV), env.get(CLIENT_ID_ENV));
    }

    /** The issuer's origin, which the page's Content-Security-Policy lets it call; null without one. */
    String issuerOrigin() {
        if (issuer == null || !issuer.matches("https?://[^/?#\\s;,']+(/.*)?")) {
            return null;
        }
        int pathStart = issuer.indexOf('/', issuer.indexOf("//") + 2);
        return pathStart < 0 ? issuer : issuer.substring(0, pathStart);
    }
}
