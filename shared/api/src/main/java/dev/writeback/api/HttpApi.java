package dev.writeback.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writeback.core.Limits;
import dev.writeback.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Routes HTTP API (payload v2) events to handlers and maps every failure to a problem response:
 * unknown paths 404, wrong methods 405, bad input 4xx, and never a stack trace to the caller.
 */
public final class HttpApi {
    private final List<Route> routes = new ArrayList<>();
    private final CallerResolver callers;

    public HttpApi(CallerResolver callers) {
        this.callers = callers;
    }

    public HttpApi route(String method, String template, Route.Handler handler) {
        routes.add(new Route(method.toUpperCase(Locale.ROOT), template, handler));
        return this;
    }

    /** Whether some route of this API serves {@code path} (with any method). */
    public boolean serves(String path) {
        return routes.stream().anyMatch(r -> r.match(path) != null);
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return toResponse(dispatch(event));
    }

    /**
     * Answers a request to a path no function serves, as a SnapStart priming step: routing, the problem mapping and
     * the JSON of an answer run once without a caller, a use case or a store.
     */
    public void prime() {
        APIGatewayV2HTTPResponse answer = handle(APIGatewayV2HTTPEvent.builder().withRawPath("/snapstart-priming")
                .withHeaders(Map.of("accept", "application/json")).withRouteKey("GET /snapstart-priming").build());
        if (answer.getStatusCode() != 404) {
            throw new IllegalStateException("the priming request was answered " + answer.getStatusCode() + ", not 404");
        }
    }

    HttpReply dispatch(APIGatewayV2HTTPEvent event) {
        String method = method(event);
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        try {
            Map<String, String> headers = lowerCase(event.getHeaders());
            boolean pathKnown = false;
            for (Route r : routes) {
                Map<String, String> params = r.match(path);
                if (params == null) {
                    continue;
                }
                pathKnown = true;
                if (r.method().equals(method)) {
                    byte[] body = body(event);
                    if (body.length > Limits.REQUEST_BODY_BYTES) {
                        return Problems.of(413, "payload-too-large", "Payload too large", "The request body is " + body.length
                                + " bytes; request bodies are limited to " + Limits.REQUEST_BODY_BYTES + " bytes.", path);
                    }
                    HttpApiRequest request = new HttpApiRequest(method, path, params, query(event), headers, body,
                            () -> callers.resolve(event, headers), apiBaseUrl(event));
                    return r.handler().handle(request);
                }
            }
            if (pathKnown) {
                String allowed = routes.stream().filter(r -> r.match(path) != null).map(Route::method).distinct()
                        .collect(Collectors.joining(", "));
                return Problems.of(405, "method-not-allowed", "Method not allowed",
                        method + " is not supported on " + path + "; use " + allowed + ".", path).withHeader("allow", allowed);
            }
            return Problems.of(404, "not-found", "Not found", "There is no route " + method + " " + path + ".", path);
        } catch (RuntimeException e) {
            return Problems.from(e, path);
        }
    }

    public static APIGatewayV2HTTPResponse toResponse(HttpReply reply) {
        boolean text = reply.headers().getOrDefault("content-type", "").matches("(?i)(text/.*|application/(problem\\+)?json.*|application/javascript.*)");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(reply.status())
                .withHeaders(reply.headers())
                .withBody(text ? new String(reply.body(), StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(reply.body()))
                .withIsBase64Encoded(!text && reply.body().length > 0)
                .build();
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
        }
        if (event.getRouteKey() != null && event.getRouteKey().contains(" ")) {
            return event.getRouteKey().substring(0, event.getRouteKey().indexOf(' ')).toUpperCase(Locale.ROOT);
        }
        return "GET";
    }

    private static String apiBaseUrl(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getDomainName() == null || context.getDomainName().isBlank()) {
            return null;
        }
        String stage = context.getStage();
        boolean named = stage != null && !stage.isBlank() && !stage.equals("$default");
        return "https://" + context.getDomainName() + (named ? "/" + stage : "");
    }

    private static Map<String, String> query(APIGatewayV2HTTPEvent event) {
        return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("The request body is marked base64 but is not valid base64.");
            }
        }
        return event.getBody().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        }
        return out;
    }
}
