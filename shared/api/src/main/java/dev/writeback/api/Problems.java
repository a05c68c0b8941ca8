package dev.writeback.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.ScriptFailedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps failures to RFC 9457 problem responses ({@code application/problem+json}), once for every handler. */
public final class Problems {
    public static final String TYPE_BASE = "https://writeback.dev/problems/";
    private static final Logger LOG = Logger.getLogger(Problems.class.getName());

    private Problems() {
    }

    public static HttpReply of(int status, String slug, String title, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        return problem(status, body);
    }

    public static HttpReply from(Throwable failure, String instance) {
        if (failure instanceof WritebackException e) {
            HttpReply reply = of(e.status(), e.problemType(), e.title(), e.getMessage(), instance);
            if (e instanceof ScriptFailedException s) {
                Map<String, Object> body = new LinkedHashMap<>(Json.MAPPER.convertValue(
                        Json.read(reply.bodyText(), JsonNode.class),
                        new TypeReference<Map<String, Object>>() { }));
                body.put("script", s.error().script());
                body.put("line", s.error().line());
                body.put("column", s.error().column());
                return problem(e.status(), body);
            }
            return reply;
        }
        LOG.log(Level.SEVERE, "Unhandled failure at " + instance, failure);
        return of(500, "internal-error", "Internal error",
                "Something went wrong on our side; it has been logged. Try again, and report it if it persists.", instance);
    }

    private static HttpReply problem(int status, Map<String, Object> body) {
        HttpReply json = HttpReply.json(status, body);
        return new HttpReply(status, Map.of("content-type", "application/problem+json"), json.body());
    }
}
