package dev.writeback.registration;

import dev.writeback.api.HttpApi;
import dev.writeback.api.HttpApiRequest;
import dev.writeback.api.HttpReply;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Connector Dev Studio's pages, same origin as the API and without its authorizer: the pages sign in
 * themselves ({@code config.json} says how) and call the API like any client. Every answer forbids framing and
 * inline script.
 */
final class StudioRoutes {
    private final StudioAssets assets;
    private final StudioSignIn signIn;

    StudioRoutes(StudioAssets assets, StudioSignIn signIn) {
        this.assets = assets;
        this.signIn = signIn;
    }

    void register(HttpApi api) {
        api.route("GET", "/studio", this::index)
                .route("GET", "/studio/{proxy+}", r -> r.pathParameter("proxy").equals("config.json")
                        ? secured(HttpReply.ok(config()).withHeader("cache-control", "no-cache"))
                        : file(r.pathParameter("proxy")));
    }

    private HttpReply index(HttpApiRequest r) {
        if (!r.path().endsWith("/")) {
            // the pages load their files relative to /studio/
            return secured(new HttpReply(302, Map.of("location", "studio/"), new byte[0]));
        }
        return file("index.html");
    }

    private HttpReply file(String name) {
        StudioAssets.Asset asset = assets.get(name);
        return secured(HttpReply.bytes(200, asset.contentType(), asset.bytes())
                .withHeader("cache-control", asset.immutable() ? "public, max-age=31536000, immutable" : "no-cache"));
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
        return config;
    }

    private HttpReply secured(HttpReply reply) {
        String issuer = signIn.issuerOrigin() == null ? "" : " " + signIn.issuerOrigin();
        return reply.withHeader("content-security-policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' blob: data:; connect-src 'self'" + issuer + "; base-uri 'none'; form-action 'self'; "
                        + "frame-ancestors 'none'")
                .withHeader("x-content-type-options", "nosniff")
                .withHeader("referrer-policy", "no-referrer");
    }
}
