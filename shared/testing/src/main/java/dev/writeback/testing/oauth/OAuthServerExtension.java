package dev.writeback.testing.oauth;

import dev.writeback.testing.aws.DynaliteExtension;
import dev.writeback.testing.aws.ServerProcess;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OAuth 2.0 authorization server ({@code oidc-provider} from npm, run by
 * {@code shared/testing/node/oauth-server.mjs}) as a child process on a free loopback port. It
 * enforces PKCE S256, single-use codes, exact redirect URIs and refresh token rotation (a reused
 * refresh token revokes its grant). Register it as a static field:
 * {@code @RegisterExtension static final OAuthServerExtension OAUTH = new OAuthServerExtension(REDIRECT_URI);}
 *
 * <p>The clients and their redirect URIs are fixed when the server starts, so one server serves every
 * test class of the JVM that registers the same redirect URIs: the first such class starts it, and it
 * stops when the JVM's tests are done. What the server keeps between classes is harmless to them:
 * sessions live in each {@link #browser()}'s cookie jar, grants belong to the tokens a class obtained,
 * and scripted failures ({@link #failNextTokenRequests(int)}) are cleared after each class.
 *
 * <p>{@link #browser()} plays the user's browser without any form: it follows the provider's
 * redirects with its own cookie jar until the provider redirects to a registered redirect URI.
 */
public final class OAuthServerExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String HOST = "127.0.0.1";
    /** Authorization code clients (PKCE required, refresh tokens rotate), by how they authenticate. */
    public static final String BASIC_CLIENT_ID = "writeback-basic";
    public static final String BASIC_CLIENT_SECRET = "basic-client-secret-0123456789abcdef";
    public static final String POST_CLIENT_ID = "writeback-post";
    public static final String POST_CLIENT_SECRET = "post-client-secret-0123456789abcdef";
    /** A client credentials client (client_secret_basic), allowed scope {@code api:read}. */
    public static final String SERVICE_CLIENT_ID = "writeback-service";
    public static final String SERVICE_CLIENT_SECRET = "service-client-secret-0123456789abcdef";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OAuthServerExtension.class);

    private final List<String> redirectUris;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int depth;
    private ServerProcess server;

    /** @param redirectUris the redirect URIs registered for both authorization code clients */
    public OAuthServerExtension(String... redirectUris) {
        if (redirectUris.length == 0) {
            throw new IllegalArgumentException("register at least one redirect URI");
        }
        this.redirectUris = List.of(redirectUris);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return; // a @Nested class: it shares its outer class's server
        }
        String configuration = String.join(",", redirectUris);
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("redirect URIs " + configuration,
                k -> start(configuration), ServerProcess.class);
    }

    private static ServerProcess start(String redirectUris) {
        Path nodeModules = DynaliteExtension.nodeModules();
        Path script = nodeModules.getParent().resolve("oauth-server.mjs");
        if (!Files.isDirectory(nodeModules.resolve("oidc-provider"))) {
            throw new IllegalStateException("oidc-provider is not installed in " + nodeModules
                    + ": run `npm ci` in shared/testing/node first.");
        }
        return ServerProcess.start("oauth-server", port -> new ProcessBuilder(List.of("node", script.toString(),
                        Integer.toString(port), redirectUris)).directory(nodeModules.getParent().toFile()),
                Duration.ofSeconds(30), "Cannot run `node` (Node.js 20 or newer must be on the PATH to start the OAuth server)");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (--depth > 0 || server == null) {
            return;
        }
        failNextTokenRequests(0); // the next class starts without this one's scripted failures
    }

    /** {@code 127.0.0.1:port}, e.g. for a script sandbox's allowlist. */
    public String hostPort() {
        return HOST + ":" + server.port();
    }

    public String issuer() {
        return "http://" + hostPort();
    }

    public String authorizationUrl() {
        return issuer() + "/auth";
    }

    public String tokenUrl() {
        return issuer() + "/token";
    }

    public String introspectionUrl() {
        return issuer() + "/token/introspection";
    }

    public String revocationUrl() {
        return issuer() + "/token/revocation";
    }

    /** The next {@code count} token requests get HTTP 503 (the provider being briefly unavailable). */
    public void failNextTokenRequests(int count) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(issuer() + "/test/fail-token-requests?count=" + count))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 204);
    }

    /** Revokes a token (refresh tokens revoke their whole grant) as the given client. */
    public void revoke(String clientId, String clientSecret, String token) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(revocationUrl()))
                .header("authorization", basic(clientId, clientSecret))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), 200);
    }

    /** Whether the provider considers an access token active (token introspection as the given client). */
    public boolean active(String clientId, String clientSecret, String token) throws IOException, InterruptedException {
        String body = send(HttpRequest.newBuilder(URI.create(introspectionUrl()))
                .header("authorization", basic(clientId, clientSecret))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), 200);
        return body.replace(" ", "").contains("\"active\":true");
    }

    /** A new browser with an empty cookie jar (a user without a session at the provider). */
    public Browser browser() {
        return new Browser(redirectUris);
    }

    /** Where the browser ended: a redirect to a registered redirect URI, or a page of the provider. */
    public record Landing(URI redirect, int status, String body) {
        public boolean redirected() {
            return redirect != null;
        }
    }

    /** Follows the provider's redirects, keeping its cookies, as a user's browser would. */
    public static final class Browser {
        private final List<String> stopAt;
        private final HttpClient client;

        Browser(List<String> stopAt) {
            this.stopAt = stopAt;
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        }

        /** Opens {@code url} and follows redirects until one leaves for a redirect URI (not requested). */
        public Landing open(String url) throws IOException, InterruptedException {
            URI at = URI.create(url);
            for (int hop = 0; hop < 20; hop++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(at).timeout(Duration.ofSeconds(10)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                String location = r.headers().firstValue("location").orElse(null);
                if (r.statusCode() / 100 != 3 || location == null) {
                    return new Landing(null, r.statusCode(), r.body());
                }
                URI next = at.resolve(location);
                if (stopAt.stream().anyMatch(s -> next.toString().startsWith(s))) {
                    return new Landing(next, r.statusCode(), "");
                }
                at = next;
            }
            throw new IllegalStateException("more than 20 redirects from " + url);
        }
    }

    private String send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
