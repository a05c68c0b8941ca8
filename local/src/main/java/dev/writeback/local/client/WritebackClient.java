package dev.writeback.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.api.CallerResolver;
import dev.writeback.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A small client of the Writeback HTTP API, acting as one user of one company (local mode sends
 * the caller as headers; behind API Gateway it would send a JWT instead).
 */
public final class WritebackClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String company;
    private final String user;
    private final String roles;

    public WritebackClient(URI base, String company, String user, String roles) {
        this.base = base;
        this.company = company;
        this.user = user;
        this.roles = roles;
    }

    /** The same API as another user (e.g. a reviewer). */
    public WritebackClient as(String otherUser, String otherRoles) {
        return new WritebackClient(base, company, otherUser, otherRoles);
    }

    /**
     * Accepts the current user agreement as this client's user (what an author does once, before creating
     * connectors) and returns its version.
     */
    public String acceptUserAgreement() {
        String version = get("/user-agreement").path("version").asText();
        post("/user-agreement/acceptance", Map.of("version", version));
        return version;
    }

    public JsonNode get(String path) {
        return json("GET " + path, send(request(path).GET(), "GET " + path));
    }

    /** Follows a run until it has finished (or {@code timeout} passes) and returns its record. */
    public JsonNode awaitRun(String runId, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode run = get("/runs/" + runId);
        while (!Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED").contains(run.path("status").asText())) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Run " + runId + " has not finished after " + timeout.toSeconds()
                        + " s; it is " + run.path("status").asText() + ".");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for run " + runId, e);
            }
            run = get("/runs/" + runId);
        }
        return run;
    }

    public byte[] getBytes(String path) {
        return send(request(path).GET(), "GET " + path);
    }

    public JsonNode post(String path, Object body) {
        return json("POST " + path, send(request(path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : Json.write(body))), "POST " + path));
    }

    public JsonNode patch(String path, Object body) {
        return json("PATCH " + path, send(request(path).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(body))), "PATCH " + path));
    }

    public JsonNode putJson(String path, Object body) {
        return json("PUT " + path, send(request(path).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))), "PUT " + path));
    }

    public JsonNode putBytes(String path, String contentType, byte[] body) {
        return json("PUT " + path, send(request(path).header("content-type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "PUT " + path));
    }

    public void delete(String path) {
        send(request(path).DELETE(), "DELETE " + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(15))
                .header(CallerResolver.COMPANY_HEADER, company)
                .header(CallerResolver.USER_HEADER, user)
                .header(CallerResolver.ROLES_HEADER, roles);
    }

    private byte[] send(HttpRequest.Builder builder, String call) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(call + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(call + " was interrupted", e);
        }
        if (response.statusCode() >= 400) {
            String detail = new String(response.body(), StandardCharsets.UTF_8);
            try {
                JsonNode problem = Json.MAPPER.readTree(detail);
                if (problem.hasNonNull("detail")) {
                    detail = problem.get("detail").asText();
                }
            } catch (IOException notJson) {
                // keep the raw body as the detail
            }
            throw new ApiCallException(call, response.statusCode(), detail);
        }
        return response.body();
    }

    private static JsonNode json(String call, byte[] body) {
        if (body.length == 0) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(call + " did not answer JSON", e);
        }
    }
}
