package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.testing.openapi.OpenApiContract;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
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

    @Test
    void aClientThatSendsATooLargeBodyWholeBeforeReadingGetsThe413() throws Exception {
        byte[] body = new byte[20 * 1024 * 1024];
        Arrays.fill(body, (byte) 'a');
        try (Socket socket = new Socket("127.0.0.1", platform.api().baseUri().getPort())) {
            socket.setSoTimeout(120_000); // a hang fails the test instead of stalling the build
            OutputStream out = socket.getOutputStream();
            out.write(("POST /connectors HTTP/1.1\r\nHost: 127.0.0.1:" + platform.api().baseUri().getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nx-writeback-company: acme\r\nx-writeback-user: alice\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\ncontent-type: application/problem+json\r\n"),
                    answer);
            assertTrue(answer.endsWith("\"detail\":\"Request bodies are limited to 6291456 bytes, as in API Gateway.\","
                    + "\"instance\":\"/connectors\"}"), answer);
        }
    }

    @Test
    void theJavaHttpClientSendingATooLargeBodyGetsThe413() throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(platform.api().baseUri() + "/connectors"))
                        .header("content-type", "application/json").header("x-writeback-company", "acme")
                        .header("x-writeback-user", "alice")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[20 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.body().contains("Request bodies are limited to 6291456 bytes"), r.body());
    }
}
