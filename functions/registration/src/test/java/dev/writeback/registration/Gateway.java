package dev.writeback.registration;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.api.Route;
import dev.writeback.core.json.Json;
import dev.writeback.testing.openapi.OpenApiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Plays API Gateway (HTTP API, payload v2, JWT authorizer) in front of the registration handler:
 * route key and path parameters from the declared routes, lower-case headers, binary bodies in
 * base64, the caller as verified JWT claims. Every answer is checked never to carry a secret, and to be what
 * {@code openapi.yaml} documents for its route and status.
 */
final class Gateway {
    /** A signed-in user as the JWT authorizer presents them. */
    record User(String company, String sub, String roles) {
    }

    record Reply(int status, Map<String, String> headers, byte[] body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name);
        }

        /** The problem's detail (the message a user reads). */
        String detail() {
            return json().path("detail").asText();
        }
    }

    private final RegistrationHandler handler;
    private final List<Route> routes;
    private final List<String> secrets;

    Gateway(RegistrationHandler handler, List<Route> routes, List<String> secrets) {
        this.handler = handler;
        this.routes = routes;
        this.secrets = secrets;
    }

    Reply get(User user, String path) {
        return send(user, "GET", path, Map.of(), null, null);
    }

    Reply delete(User user, String path) {
        return send(user, "DELETE", path, Map.of(), null, null);
    }

    Reply json(User user, String method, String path, Object body) {
        return json(user, method, path, body, Map.of());
    }

    Reply json(User user, String method, String path, Object body, Map<String, String> headers) {
        String text = body instanceof String s ? s : Json.write(body);
        return send(user, method, path, headers, "application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    Reply bytes(User user, String method, String path, String contentType, byte[] body) {
        return send(user, method, path, Map.of(), contentType, body);
    }

    Reply send(User user, String method, String path, Map<String, String> extraHeaders, String contentType, byte[] body) {
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String rawQuery = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "api.writeback.example.com");
        headers.put("authorization", "Bearer eyJ.test.jwt");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        extraHeaders.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        boolean text = contentType == null || contentType.startsWith("application/json") || contentType.startsWith("text/")
                || contentType.startsWith("application/javascript");
        Route route = routes.stream().filter(r -> r.method().equals(method) && matches(r.template(), rawPath)).findFirst()
                .orElse(null);
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("sub", user.sub());
        claims.put("company_id", user.company());
        claims.put("roles", "[" + user.roles() + "]");
        claims.put("iss", "https://issuer.example.com");
        claims.put("aud", "writeback");
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route == null ? "$default" : route.key())
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(route == null ? null : pathParameters(route.template(), rawPath))
                .withBody(body == null ? null : text ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body != null && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(route == null ? "$default" : route.key())
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims).withScopes(null).build()).build())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(rawPath).withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.9").withUserAgent("journey-test").build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        byte[] out = response.getBody() == null ? new byte[0] : response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(response.getBody()) : response.getBody().getBytes(StandardCharsets.UTF_8);
        Reply reply = new Reply(response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), out);
        for (String secret : secrets) {
            assertFalse(reply.text().contains(secret), method + " " + path + " answered a secret: " + reply.text());
        }
        OpenApiContract.repository().check(method, path, reply.status(), reply.header("content-type"), out);
        return reply;
    }

    private static boolean matches(String template, String path) {
        return pathParameters(template, path) != null;
    }

    private static Map<String, String> pathParameters(String template, String path) {
        String[] want = template.substring(1).split("/");
        String[] got = path.substring(1).split("/");
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{")) {
                params.put(want[i].substring(1, want[i].length() - 1), got[i]);
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }
}
