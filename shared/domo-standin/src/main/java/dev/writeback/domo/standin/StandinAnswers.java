package dev.writeback.domo.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.writeback.core.net.LoopbackServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How the stand-in answers, as Domo does: JSON bodies, Domo's error body {@code {status, statusReason, message, toe}}
 * and scripted faults. Every request is recorded as its answer's headers go out, so a test sees it once the client
 * has the answer.
 */
final class StandinAnswers {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json;charset=UTF-8";

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }

    /** Records the request with the status about to be sent. */
    void record(HttpExchange ex, int status) {
        requests.add(new RecordedRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Authorization"), status));
    }

    void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        record(ex, status);
        LoopbackServer.reply(ex, status, JSON, MAPPER.writeValueAsBytes(body));
    }

    void fault(HttpExchange ex, Fault fault) throws IOException {
        fault.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (fault.body() != null) {
            record(ex, fault.status());
            LoopbackServer.reply(ex, fault.status(), null, fault.body().getBytes(StandardCharsets.UTF_8));
        } else {
            error(ex, fault.status(), reason(fault.status()), "Scripted failure from the Domo stand-in", fault.headers());
        }
    }

    void error(HttpExchange ex, int status, String statusReason, String message, Map<String, String> headers)
            throws IOException {
        if (ex.getResponseCode() != -1) {
            return; // headers already sent (failure mid-stream): the client sees a truncated body
        }
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", status);
        body.put("statusReason", statusReason);
        if (message != null) {
            body.put("message", message);
        }
        body.put("toe", UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase(Locale.ROOT));
        json(ex, status, body);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
