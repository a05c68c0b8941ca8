package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpApiRequest;
import dev.writeback.api.HttpReply;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Connector Dev Studio's pages, same origin as the API and without its authorizer: the pages sign in
 * themselves ({@code config.json} says how) and call the API like any client. Every answer forbids framing and
 * inline script; the page allows only the styles that carry its own nonce besides its files.
 */
final class StudioRoutes {
    private static final SecureRandom NONCES = new SecureRandom();
    private final StudioAssets assets;
    private final StudioSignIn signIn;

    StudioRoutes(StudioAssets assets, StudioSignIn signIn) {
        this.assets = assets;
        this.signIn = signIn;
    }

    void register(HttpApi api) {
        api.route("GET", "/studio", this::index)
                .route("GET", "/studio/{proxy+}", r -> switch (r.pathParameter("proxy")) {
                    case "config.json" -> secured(HttpReply.ok(config()).withHeader("cache-control", "no-cache"), null);
                    case "index.html" -> page();
                    default -> file(r.pathParameter("proxy"));
                });
    }

    private HttpReply index(HttpApiRequest r) {
        if (!r.path().endsWith("/")) {
            // the pages load their files relative to /studio/
            return secured(new HttpReply(302, Map.of("location", "studio/"), new byte[0]), null);
        }
        return page();
    }

    private HttpReply page() {
        // the editor's themes are <style> elements it makes at run time: they carry this page's nonce
        byte[] random = new byte[18];
        NONCES.nextBytes(random);
        String nonce = Base64.getEncoder().encodeToString(random);
        String page = new String(assets.get("index.html").bytes(), StandardCharsets.UTF_8).replace("{{style-nonce}}", nonce);
        return secured(HttpReply.text(200, "text/html; charset=utf-8", page).withHeader("cache-control", "no-store"), nonce);
    }

    private HttpReply file(String name) {
        StudioAssets.Asset asset = assets.get(name);
        return secured(HttpReply.bytes(200, asset.contentType(), asset.bytes())
                .withHeader("cache-control", asset.immutable() ? "public, max-age=31536000, immutable" : "no-cache"), null);
    }

    private Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("signIn", signIn.mode());
        if (signIn.issuer() != null) {
            config.put("issuer", signIn.issuer());
        }
        if (signIn.clientId() != null) {
            config.put("clientId", signIn.clientId());
        }
        if (signIn.tokenEndpoint() != null) {
            config.put("tokenEndpoint", signIn.tokenEndpoint());
        }
        return config;
    }

    private HttpReply secured(HttpReply reply, String styleNonce) {
        String issuer = (signIn.issuerOrigin() == null ? "" : " " + signIn.issuerOrigin())
                + (signIn.tokenEndpointOrigin() == null ? "" : " " + signIn.tokenEndpointOrigin());
        String styles = styleNonce == null ? "'self'" : "'self' 'nonce-" + styleNonce + "'";
        return reply.withHeader("content-security-policy", "default-src 'none'; script-src 'self'; style-src " + styles + "; "
                        + "img-src 'self' blob: data:; connect-src 'self'" + issuer + "; base-uri 'none'; form-action 'self'; "
                        + "frame-ancestors 'none'")
                .withHeader("x-content-type-options", "nosniff")
                .withHeader("referrer-policy", "no-referrer");
    }
}
