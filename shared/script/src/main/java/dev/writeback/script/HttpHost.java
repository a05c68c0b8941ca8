package dev.writeback.script;

import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.HttpTap;
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
 * Longer than most classes: it is the whole of Domo's {@code httprequest} object, whose members share its headers,
 * parameters and last answer, and the one request path (guard, redirects, caps, tap) that {@link HttpBatch} shares.
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
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        Usage usage = new Usage();
        try {
            Reply reply = transfer(method, uri, payload, headers, usage);
            status = reply.status();
            responseHeaders = reply.headers();
            return reply.text();
        } catch (RequestFailure f) {
            throw run.fail(f.failure);
        } finally {
            usage.addTo(run);
        }
    }

    /** {@code httprequest.sendAll}: prepared requests sent in parallel, answers in the order given ({@link HttpBatch}). */
    @HostAccess.Export
    public String sendAll(String requestsJson, double concurrency) {
        HttpBatch.Answers answers = new HttpBatch(this, run).send(requestsJson, concurrency);
        if (answers.last() != null) {
            status = answers.last().status();
            responseHeaders = answers.last().headers();
        }
        return answers.json();
    }

    /** A final answer: no more redirects to follow. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, charset(headers));
        }
    }

    /** Requests and bytes of one call, added to the run's counts on the script thread. */
    static final class Usage {
        long requests;
        long bytesSent;
        long bytesReceived;

        void addTo(ScriptRun run) {
            run.requests += requests;
            run.bytesSent += bytesSent;
            run.bytesReceived += bytesReceived;
        }
    }

    /** Why a request failed, raised where the script's context must not be touched and thrown to the script later. */
    static final class RequestFailure extends Exception {
        final ScriptFailure failure;

        RequestFailure(Kind kind, String message) {
            super(message, null, false, false);
            this.failure = new ScriptFailure(kind, message, null);
        }
    }

    /**
     * One request and its redirects, each hop admitted by the address guard. Touches neither the script's context nor
     * this host's state, so {@link HttpBatch} may call it from other threads; the caller adds {@code usage} to the run.
     */
    Reply transfer(String method, URI uri, byte[] body, Map<String, String> requestHeaders, Usage usage) throws RequestFailure {
        String originalAuthority = authority(uri);
        byte[] payload = body;
        String verb = method;
        for (int hop = 0; ; hop++) {
            HttpRequest request = build(verb, uri, payload, requestHeaders, authority(uri).equals(originalAuthority));
            HttpTap.Response response = through(run.input.http(), request, uri, payload);
            usage.requests++;
            usage.bytesSent += payload == null ? 0 : payload.length;
            run.progress.requestSent(payload == null ? 0 : payload.length);
            usage.bytesReceived += response.body().length;
            int code = response.status();
            HttpHeaders received = HttpHeaders.of(response.headers(), (a, b) -> true);
            var location = received.firstValue("Location");
            if (isRedirect(code) && location.isPresent()) {
                if (hop >= policy.maxRedirects()) {
                    throw new RequestFailure(Kind.RUNTIME, "httprequest: more than " + policy.maxRedirects() + " redirects, last from " + display(uri));
                }
                try {
                    uri = uri.resolve(new URI(location.get().trim()));
                } catch (URISyntaxException e) {
                    throw new RequestFailure(Kind.RUNTIME, "httprequest: " + display(uri) + " redirected to an invalid URL");
                }
                if (code == 303 || ((code == 301 || code == 302) && "POST".equals(verb))) {
                    verb = "GET";
                    payload = null;
                } else if (payload != null && !authority(uri).equals(originalAuthority)) {
                    // a 307/308 to another host would hand it the body (it may hold credentials): refuse instead
                    throw new RequestFailure(Kind.SANDBOX, "httprequest: " + display(uri) + " is another host than the request went to;"
                            + " the body is not resent across hosts on a " + code + " redirect");
                }
                continue;
            }
            return new Reply(code, received, response.body());
        }
    }

    /**
     * One hop through the run's tap, the single point every script request passes (also from {@link HttpBatch}'s
     * threads): what it sends for real goes through the address guard first; what it answers itself (a test run's dry
     * mode) reaches no network.
     */
    private HttpTap.Response through(HttpTap tap, HttpRequest request, URI uri, byte[] payload) throws RequestFailure {
        HttpTap.Request asked = new HttpTap.Request(request.method(), uri.toString(), request.headers().map(), payload);
        try {
            return tap.exchange(asked, sent -> {
                try {
                    checkTarget(uri);
                    HttpResponse<byte[]> response = exchange(request, uri);
                    return new HttpTap.Response(response.statusCode(), response.headers().map(), response.body());
                } catch (RequestFailure failure) {
                    throw new FailedHop(failure);
                }
            });
        } catch (FailedHop hop) {
            throw hop.failure;
        } catch (HttpTap.Refused refused) {
            throw new RequestFailure(Kind.LIMIT, "httprequest: " + refused.getMessage());
        }
    }

    /** Carries a hop's {@link RequestFailure} through the tap, which sees it as a failed exchange with its message. */
    private static final class FailedHop extends RuntimeException {
        final RequestFailure failure;

        FailedHop(RequestFailure failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    /** The script's headers set with {@code addHeader}, which every request carries. */
    Map<String, String> headers() {
        return headers;
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    URI withParameters(String url) {
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
    private void checkTarget(URI uri) throws RequestFailure {
        if (!(client.admit(uri) instanceof AddressGuard.Refusal refusal)) {
            return;
        }
        String refused = "httprequest refused " + display(uri) + ": ";
        throw switch (refusal.reason()) {
            case NOT_HTTP -> new RequestFailure(Kind.SANDBOX, refused + "only https URLs are allowed");
            case HTTPS_REQUIRED -> new RequestFailure(Kind.SANDBOX, refused + "URLs must use https");
            case UNRESOLVED -> new RequestFailure(Kind.RUNTIME, "httprequest: the host '" + refusal.host() + "' of " + display(uri)
                    + " cannot be resolved");
            case NOT_PUBLIC -> new RequestFailure(Kind.SANDBOX, refused + refusal.host() + " resolves to " + refusal.address() + ", "
                    + refusal.why() + "; scripts may only call public internet addresses");
        };
    }

    /** The script's headers that follow a redirect to another host; any other may carry a credential. */
    private static final Set<String> CROSS_ORIGIN_HEADERS = Set.of("accept", "accept-language",
            "content-type", "user-agent");

    private HttpRequest build(String verb, URI uri, byte[] payload, Map<String, String> requestHeaders, boolean sameOrigin)
            throws RequestFailure {
        Duration timeout = effectiveTimeout();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        HttpRequest.BodyPublisher publisher = payload == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(payload);
        b.method(verb, publisher);
        for (Map.Entry<String, String> h : requestHeaders.entrySet()) {
            if (!sameOrigin && !CROSS_ORIGIN_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                continue; // another host a redirect points at gets no credentials: only content negotiation headers
            }
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new RequestFailure(Kind.RUNTIME, "httprequest: the header '" + h.getKey() + "' cannot be set by scripts");
            }
        }
        return b.build();
    }

    private Duration effectiveTimeout() throws RequestFailure {
        Duration remaining = run.deadline.remaining();
        if (remaining.isZero()) {
            throw new RequestFailure(Kind.DEADLINE, "script exceeded its deadline before the request could be sent");
        }
        return remaining.compareTo(requestTimeout) < 0 ? remaining : requestTimeout;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, URI uri) throws RequestFailure {
        long max = policy.maxResponseBytes();
        long timeoutMs = request.timeout().orElseThrow().toMillis();
        try {
            return client.send(request, max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestFailure(Kind.DEADLINE, "script was stopped while waiting for " + display(uri));
        } catch (GuardedHttpClient.ResponseTooLargeException e) {
            throw new RequestFailure(Kind.LIMIT, "httprequest: the response from " + display(uri) + " is larger than the limit of " + max + " bytes");
        } catch (HttpConnectTimeoutException e) {
            throw new RequestFailure(Kind.RUNTIME, "httprequest: could not connect to " + display(uri) + " within " + policy.connectTimeout().toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            if (run.deadline.passed()) {
                throw new RequestFailure(Kind.DEADLINE, "script exceeded its deadline while waiting for " + display(uri));
            }
            throw new RequestFailure(Kind.RUNTIME, "httprequest: " + display(uri) + " did not answer within " + timeoutMs + " ms");
        } catch (ConnectException e) {
            throw new RequestFailure(Kind.RUNTIME, "httprequest: could not connect to " + display(uri) + " (connection refused)");
        } catch (IOException e) {
            String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new RequestFailure(Kind.RUNTIME, "httprequest: the request to " + display(uri) + " failed: " + detail);
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
