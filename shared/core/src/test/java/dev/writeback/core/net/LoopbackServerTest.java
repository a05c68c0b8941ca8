package dev.writeback.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {

    @Test
    void parametersAreDecodedInOrderKeepingRepeatedNamesAndSkippingEmptyPairs() {
        assertEquals(Map.of("a", List.of("1", "3"), "b c", List.of("d&e"), "flag", List.of("")),
                LoopbackServer.parameters("a=1&&b+c=d%26e&a=3&flag"));
        assertEquals(List.of("a", "b c", "flag"), List.copyOf(LoopbackServer.parameters("a=1&&b+c=d%26e&a=3&flag").keySet()));
        assertTrue(LoopbackServer.parameters(null).isEmpty());
    }

    @Test
    void servesOn127001WithCappedBodiesAndRepliesWithOrWithoutABody() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(ex -> {
            try (ex) {
                byte[] body = LoopbackServer.body(ex, 4);
                if (body == null) {
                    LoopbackServer.json(ex, 413, "{\"error\":\"too large\"}");
                } else if (body.length == 0) {
                    LoopbackServer.reply(ex, 204);
                } else {
                    LoopbackServer.reply(ex, 200, "text/plain", body);
                }
            }
        }); HttpClient http = HttpClient.newHttpClient()) {
            assertEquals(URI.create("http://127.0.0.1:" + server.port()), server.baseUri());
            assertEquals("127.0.0.1:" + server.port(), server.hostPort());
            HttpResponse<String> ok = http.send(post(server, "abcd"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("abcd", ok.body());
            assertEquals("text/plain", ok.headers().firstValue("Content-Type").orElse(null));
            HttpResponse<String> tooLarge = http.send(post(server, "abcde"), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode());
            assertEquals("application/json", tooLarge.headers().firstValue("Content-Type").orElse(null));
            HttpResponse<String> empty = http.send(post(server, ""), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, empty.statusCode());
            assertNull(empty.headers().firstValue("Content-Length").filter(v -> !v.equals("0")).orElse(null));
        }
    }

    private static HttpRequest post(LoopbackServer server, String body) {
        return HttpRequest.newBuilder(server.baseUri().resolve("/x")).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
