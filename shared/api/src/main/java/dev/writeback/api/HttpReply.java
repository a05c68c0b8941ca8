package dev.writeback.api;

import dev.writeback.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response: status, headers, body bytes. */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {

    public static HttpReply json(int status, Object value) {
        return new HttpReply(status, Map.of("content-type", "application/json"),
                Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply ok(Object value) {
        return json(200, value);
    }

    public static HttpReply created(String location, Object value) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.put("location", location);
        return new HttpReply(201, h, Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply noContent() {
        return new HttpReply(204, Map.of(), new byte[0]);
    }

    public static HttpReply bytes(int status, String contentType, byte[] body) {
        return new HttpReply(status, Map.of("content-type", contentType), body);
    }

    public static HttpReply text(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpReply(status, h, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
