package dev.writeback.script;

import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.net.GuardedHttpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.graalvm.polyglot.HostAccess;

/**
 * {@code httprequest}: stateful headers and query parameters, body as the result, never throws on an HTTP status.
 * Every hop (the URL and each redirect target) is checked against the address guard before it is sent, and sent to
 * the addresses that check resolved (a name that answers differently when asked again is not asked again).
 */
public final class HttpHost {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    private final ScriptRun run;
    private final GuardedHttpClient client;
    private final HttpPolicy policy;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String[]> parameters = new ArrayList<>();
    private int status;
    private HttpHeaders responseHeaders = NO_HEADERS;
    private Duration requestTimeout;

    HttpHost(ScriptRun run, GuardedHttpClient client, HttpPolicy policy) {
        this.run = run;
        this.client = client;
        this.policy = policy;
        this.requestTimeout = policy.readTimeout();
    }

    @HostAccess.Export
    public void addHeader(String name, String value) {
        if (name == null || name.isBlank()) {
            throw run.fail(Kind.RUNTIME, "httprequest.addHeader needs a header name");
        }
        headers.put(name, value == null ? "" : value);
    }

    @HostAccess.Export
    public void addParameter(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw run.fail(Kind.RUNTIME, "httprequest.addParameter needs a parameter name");
        }
        parameters.add(new String[]{name, value == null ? "" : value});
    }

    @HostAccess.Export
    public void clearHeaders() {
        headers.clear();
    }

    @HostAccess.Export
    public void clearParameters() {
        parameters.clear();
    }

    @HostAccess.Export
    public String getHeader(String name) {
        return name == null ? null : headers.get(name);
    }

    @HostAccess.Export
    public int getStatusCode() {
        return status;
    }

    @HostAccess.Export
    public String getResponseHeader(String name) {
        List<String> values = name == null ? List.of() : responseHeaders.allValues(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    @HostAccess.Export
    public void setRequestTimeout(double millis) {
        if (!(millis > 0) || Double.isInfinite(millis)) {
            throw run.fail(Kind.RUNTIME, "httprequest.setRequestTimeout needs a positive number of milliseconds");
        }
        requestTimeout = Duration.ofMillis((long) Math.ceil(millis));
    }

    @HostAccess.Export
    public String send(String method, String url, String body) {
        URI uri = withParameters(url);
        String originalAuthority = authority(uri);
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        String verb = method;
        for (int hop = 0; ; hop++) {
            checkTarget(uri);
            HttpRequest request = build(verb, uri, payload, authority(uri).equals(originalAuthority));
            HttpResponse<byte[]> response = exchange(request, uri);
            run.requests++;
            run.bytesSent += payload == null ? 0 : payload.length;
            run.progress.requestSent(payload == null ? 0 : payload.length);
            run.bytesReceived += response.body().length;
            int code = response.statusCode();
            var location = response.headers().firstValue("Location");
            if (isRedirect(code) && location.isPresent()) {
                if (hop >= policy.maxRedirects()) {
                    throw run.fail(Kind.RUNTIME, "httprequest: more than " + policy.maxRedirects() + " redirects, last from " + display(uri));
                }
                try {
                    uri = uri.resolve(new URI(location.get().trim()));
                } catch (URISyntaxException e) {
                    throw run.fail(Kind.RUNTIME, "httprequest: " + display(uri) + " redirected to an invalid URL");
                }
                if (code == 303 || ((code == 301 || code == 302) && "POST".equals(verb))) {
                    verb = "GET";
                    payload = null;
                } else if (payload != null && !authority(uri).equals(originalAuthority)) {
                    // a 307/308 to another host would hand it the body (it may hold credentials): refuse instead
                    throw run.fail(Kind.SANDBOX, "httprequest: " + display(uri) + " is another host than the request went to;"
                            + " the body is not resent across hosts on a " + code + " redirect");
                }
                continue;
            }
            status = code;
            responseHeaders = response.headers();
            return new String(response.body(), charset(response.headers()));
        }
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private URI withParameters(String url) {
        if (url == null || url.isBlank()) {
            throw run.fail(Kind.RUNTIME, "httprequest needs a URL");
        }
        StringBuilder full = new StringBuilder(url.trim());
        if (!parameters.isEmpty()) {
            int hash = full.indexOf("#");
            String fragment = hash >= 0 ? full.substring(hash) : "";
            if (hash >= 0) {
                full.setLength(hash);
            }
            char sep = full.indexOf("?") >= 0 ? '&' : '?';
            for (String[] p : parameters) {
                full.append(sep).append(QueryText.encode(p[0])).append('=').append(QueryText.encode(p[1]));
                sep = '&';
            }
            full.append(fragment);
        }
        try {
            URI uri = new URI(full.toString());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.isEmpty() && !scheme.equals("https") && !scheme.equals("http")) {
                int q = url.indexOf('?');
                throw run.fail(Kind.SANDBOX, "httprequest refused " + (q >= 0 ? url.substring(0, q) : url) + ": only https URLs are allowed");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw run.fail(Kind.RUNTIME, "httprequest: '" + url + "' is not an absolute URL (expected https://host/path)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw run.fail(Kind.RUNTIME, "httprequest: '" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    /** The address guard: scheme, then every resolved address of the host, which the request then goes to. */
    private void checkTarget(URI uri) {
        if (!(client.admit(uri) instanceof AddressGuard.Refusal refusal)) {
            return;
        }
        String refused = "httprequest refused " + display(uri) + ": ";
        throw switch (refusal.reason()) {
            case NOT_HTTP -> run.fail(Kind.SANDBOX, refused + "only https URLs are allowed");
            case HTTPS_REQUIRED -> run.fail(Kind.SANDBOX, refused + "URLs must use https");
            case UNRESOLVED -> run.fail(Kind.RUNTIME, "httprequest: the host '" + refusal.host() + "' of " + display(uri)
                    + " cannot be resolved");
            case NOT_PUBLIC -> run.fail(Kind.SANDBOX, refused + refusal.host() + " resolves to " + refusal.address() + ", "
                    + refusal.why() + "; scripts may only call public internet addresses");
        };
    }

    /** The script's headers that follow a redirect to another host; any other may carry a credential. */
    private static final Set<String> CROSS_ORIGIN_HEADERS = Set.of("accept", "accept-language",
            "content-type", "user-agent");

    private HttpRequest build(String verb, URI uri, byte[] payload, boolean sameOrigin) {
        Duration timeout = effectiveTimeout();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        HttpRequest.BodyPublisher publisher = payload == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(payload);
        b.method(verb, publisher);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!sameOrigin && !CROSS_ORIGIN_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                continue; // another host a redirect points at gets no credentials: only content negotiation headers
            }
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw run.fail(Kind.RUNTIME, "httprequest: the header '" + h.getKey() + "' cannot be set by scripts");
            }
        }
        return b.build();
    }

    private Duration effectiveTimeout() {
        Duration remaining = run.deadline.remaining();
        if (remaining.isZero()) {
            throw run.fail(Kind.DEADLINE, "script exceeded its deadline before the request could be sent");
        }
        return remaining.compareTo(requestTimeout) < 0 ? remaining : requestTimeout;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, URI uri) {
        long max = policy.maxResponseBytes();
        long timeoutMs = request.timeout().orElseThrow().toMillis();
        try {
            return client.send(request, max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw run.fail(Kind.DEADLINE, "script was stopped while waiting for " + display(uri));
        } catch (GuardedHttpClient.ResponseTooLargeException e) {
            throw run.fail(Kind.LIMIT, "httprequest: the response from " + display(uri) + " is larger than the limit of " + max + " bytes");
        } catch (HttpConnectTimeoutException e) {
            throw run.fail(Kind.RUNTIME, "httprequest: could not connect to " + display(uri) + " within " + policy.connectTimeout().toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            if (run.deadline.passed()) {
                throw run.fail(Kind.DEADLINE, "script exceeded its deadline while waiting for " + display(uri));
            }
            throw run.fail(Kind.RUNTIME, "httprequest: " + display(uri) + " did not answer within " + timeoutMs + " ms");
        } catch (ConnectException e) {
            throw run.fail(Kind.RUNTIME, "httprequest: could not connect to " + display(uri) + " (connection refused)");
        } catch (IOException e) {
            String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw run.fail(Kind.RUNTIME, "httprequest: the request to " + display(uri) + " failed: " + detail);
        }
    }

    private static Charset charset(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("");
        int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (i >= 0) {
            String name = type.substring(i + 8).split("[;,\\s]")[0].replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (RuntimeException ignored) {
                // an unknown charset label falls back to UTF-8, like browsers do for JSON
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String authority(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    }

    /** The URL without its query (which may carry keys) for messages. */
    private static String display(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + Objects.requireNonNullElse(uri.getRawPath(), "");
    }
}
