package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.testing.openapi.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default's HTTP server hands the functions the bytes a client sent, as API Gateway does, and answers
 * what openapi.yaml documents.
 */
class LocalApiServerIT {
    private static LocalPlatform platform;

    @BeforeAll
    static void start() throws IOException {
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-api-it"),
                Path.of("samples/datasets"), 0, 0, 0));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aJsonBodyThatIsNotUtf8IsRefusedNotStoredWithCharactersLost() throws Exception {
        byte[] latin1 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'c', 'a', 'f', (byte) 0xE9, '"', '}'};
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(platform.api().baseUri() + "/connectors"))
                .header("content-type", "application/json").header("x-writeback-company", "acme")
                .header("x-writeback-user", "alice").header("x-writeback-roles", "author")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)).build(), HttpResponse.BodyHandlers.ofString());
        OpenApiContract.repository().check("POST", "/connectors", r.statusCode(),
                r.headers().firstValue("content-type").orElse(null), r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.body().contains("not valid UTF-8"), r.body());
    }
}
