package dev.writeback.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import dev.writeback.api.HttpApi;
import dev.writeback.api.Problems;
import dev.writeback.core.net.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The local equivalent of {@code sam local start-api}: an HTTP server on loopback that turns each
 * request into an HTTP API payload v2 event and invokes the function that owns the route.
 */
public final class LocalApiServer implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    /**
     * How much of a too-large body is read and dropped before the 413 is sent. A client that sends its whole body
     * before reading the answer then reads the 413; had the server closed the connection with the body unread, the
     * client would see a connection reset instead. Past this much the connection is closed unread.
     */
    private static final long DISCARDED_BODY_BYTES = 64L * 1024 * 1024;

    private final LoopbackServer server;
    private volatile List<LocalFunction> functions = List.of();
    private volatile JwtAuthorizer authorizer;

    /**
     * Tests only: what API Gateway's JWT authorizer does. Given a request's bearer token, its verified claims, or null
     * when the token is not valid (signature, issuer, audience, expiry).
     */
    @FunctionalInterface
    public interface JwtAuthorizer {
        Map<String, String> claims(String bearerToken);
    }

    private LocalApiServer(LoopbackServer server) {
        this.server = server;
    }

    /** Binds the port (0 = a free one) without serving yet, so the functions can be told their public URL first. */
    public static LocalApiServer bind(String host, int port) throws IOException {
        return new LocalApiServer(LoopbackServer.bind(host, port, Executors.newFixedThreadPool(8)));
    }

    /** Starts serving requests with these functions; with an authorizer, callers are known from their bearer JWTs only. */
    public LocalApiServer serve(List<LocalFunction> routedTo, JwtAuthorizer authorizer) {
        this.authorizer = authorizer;
        return serve(routedTo);
    }

    /** Starts serving requests with these functions. */
    public LocalApiServer serve(List<LocalFunction> routedTo) {
        this.functions = List.copyOf(routedTo);
        server.serve(this::handle);
        return this;
    }

    public URI baseUri() {
        return server.baseUri();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            APIGatewayV2HTTPResponse response;
            LocalFunction owner = functions.stream().filter(f -> f.routes().serves(path)).findFirst().orElse(null);
            byte[] body = LoopbackServer.body(ex, MAX_BODY_BYTES);
            if (!localHost(ex.getRequestHeaders().getFirst("Host"))) {
                // a web page reaching this port through DNS rebinding would name its own host here
                response = HttpApi.toResponse(Problems.of(421, "misdirected-request", "Misdirected request",
                        "This local API answers only to 127.0.0.1 and localhost.", path));
            } else if (body == null) {
                discardRestOfBody(ex);
                ex.getResponseHeaders().set("Connection", "close");
                response = HttpApi.toResponse(Problems.of(413, "payload-too-large", "Payload too large",
                        "Request bodies are limited to " + MAX_BODY_BYTES + " bytes, as in API Gateway.", path));
            } else if (owner == null) {
                response = HttpApi.toResponse(Problems.of(404, "not-found", "Not found",
                        "There is no route " + ex.getRequestMethod() + " " + path + ".", path));
            } else {
                APIGatewayV2HTTPEvent event = event(ex, path, body);
                response = authorized(event) ? owner.handleHttp(event) : HttpApi.toResponse(Problems.of(401,
                        "unauthorized", "Unauthorized", "The bearer token is not valid: sign in again.", path));
            }
            write(ex, response);
        }
    }

    /** With an authorizer, a bearer token's verified claims become the event's, and a token that fails is refused. */
    private boolean authorized(APIGatewayV2HTTPEvent event) {
        JwtAuthorizer jwt = authorizer;
        String authorization = event.getHeaders().get("authorization");
        if (jwt == null || authorization == null) {
            return true;
        }
        Map<String, String> claims = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? jwt.claims(authorization.substring(7).trim()) : null;
        if (claims == null) {
            return false;
        }
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build()).build());
        return true;
    }

    private static void discardRestOfBody(HttpExchange ex) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = DISCARDED_BODY_BYTES;
        InputStream in = ex.getRequestBody();
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
            left -= n;
        }
    }

    private boolean localHost(String host) {
        if (host == null) {
            return false;
        }
        int port = server.port();
        return host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port) || host.equals("[::1]:" + port);
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange ex, String path, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String rawQuery = ex.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        LoopbackServer.parameters(rawQuery).forEach((k, values) -> query.put(k, String.join(",", values)));
        String contentType = headers.getOrDefault("content-type", "");
        // as API Gateway does: text bodies arrive as text; anything else, and text that is not valid UTF-8, as base64
        // (so the API reads the bytes the client sent, not a lossy decoding of them)
        boolean text = (contentType.isEmpty() || contentType.matches("(?i)(text/.*|application/(.*\\+)?json.*|application/javascript.*|application/x-www-form-urlencoded.*)"))
                && validUtf8(body);
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp(ex.getRemoteAddress().getAddress().getHostAddress()).build())
                        .build())
                .build();
    }

    private static void write(HttpExchange ex, APIGatewayV2HTTPResponse response) throws IOException {
        byte[] body = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        }
        LoopbackServer.reply(ex, response.getStatusCode() == 0 ? 200 : response.getStatusCode(), null, body);
    }

    @Override
    public void close() {
        server.close();
    }

    private static boolean validUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
