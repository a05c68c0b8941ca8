package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import dev.writeback.local.client.ApiCallException;
import dev.writeback.local.client.ConnectorFolder;
import dev.writeback.local.client.WritebackClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connectors as code: a folder pushed through the local API server and pulled back is the same folder. */
class ConnectorFolderIT {
    private static final String OAUTH_SECRET = "folder-oauth-secret-31f9";
    private static final String DESCRIPTOR = """
            {
              "name": "Acme CRM",
              "description": "Writes contacts back to Acme CRM",
              "authentication": {
                "type": "OAUTH2",
                "oauth": {
                  "grant": "AUTHORIZATION_CODE",
                  "authorizationUrl": "https://auth.example.com/authorize",
                  "tokenUrl": "https://auth.example.com/token",
                  "refreshUrl": "https://auth.example.com/refresh",
                  "clientId": "acme-client",
                  "scopes": ["contacts.read", "contacts.write"],
                  "authorizationParameters": {"prompt": "consent"},
                  "tokenParameters": {"audience": "crm"},
                  "clientAuth": "BODY",
                  "pkce": true,
                  "refreshEveryRun": false
                },
                "fields": []
              },
              "reports": ["Contacts", "Deals"],
              "parameters": [
                {"name": "datasetId", "type": "STRING", "helpText": "The input DataSet", "required": true, "options": []},
                {"name": "region", "type": "DROPDOWN", "helpText": "Where the CRM lives", "required": false, "options": ["EU", "US"]},
                {"name": "since", "type": "DATE", "helpText": "Rows changed since", "required": false, "options": []}
              ],
              "icons": {"icon": "icon.png", "banner": "banner.png"},
              "visibility": "PRIVATE"
            }
            """;
    private static final String AUTH_JS = "if (metadata.account.accesstoken) { auth.authenticationSuccess(); } else { auth.authenticationFailed('No token.'); }\n";
    private static final String PROCESS_JS = "var data = DOMO.getDataset(metadata.parameters.datasetId).queryData('select * from tbl');\n";

    private static LocalPlatform platform;
    private static LocalApiServer server;
    private static WritebackClient alice;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws IOException {
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-folder-it"),
                Path.of("samples/datasets"), 0, 0, 0));
        server = platform.api();
        alice = new WritebackClient(server.baseUri(), "acme", "alice", "AUTHOR");
        alice.acceptUserAgreement();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void pushThenPullGivesBackTheSameFolderWithoutSecrets() throws IOException {
        Path source = Files.createDirectories(work.resolve("acme-crm"));
        Files.writeString(source.resolve("connector.json"), DESCRIPTOR);
        Files.writeString(source.resolve("auth.js"), AUTH_JS);
        Files.writeString(source.resolve("process.js"), PROCESS_JS);
        Files.write(source.resolve("icon.png"), png(512, 512));
        Files.write(source.resolve("banner.png"), png(1024, 512));

        String id = ConnectorFolder.read(source).push(alice, platform.domoClientId(), platform.domoClientSecret(), OAUTH_SECRET);

        JsonNode stored = alice.get("/connectors/" + id);
        assertEquals("DRAFT", stored.path("status").asText());
        assertTrue(stored.path("authentication").path("clientSecretSet").asBoolean(), "the OAuth secret went to the vault");
        assertEquals(platform.domoClientId(), stored.path("domo").path("clientKey").asText());

        Path pulled = work.resolve("pulled");
        ConnectorFolder.pull(alice, id, pulled);

        assertEquals(Json.MAPPER.readTree(DESCRIPTOR), Json.MAPPER.readTree(pulled.resolve("connector.json").toFile()));
        assertEquals(AUTH_JS, Files.readString(pulled.resolve("auth.js")));
        assertEquals(PROCESS_JS, Files.readString(pulled.resolve("process.js")));
        assertArrayEquals(png(512, 512), Files.readAllBytes(pulled.resolve("icon.png")));
        assertArrayEquals(png(1024, 512), Files.readAllBytes(pulled.resolve("banner.png")));
        try (Stream<Path> files = Files.list(pulled)) {
            List<Path> all = files.sorted().toList();
            assertEquals(List.of("auth.js", "banner.png", "connector.json", "icon.png", "process.js"),
                    all.stream().map(p -> p.getFileName().toString()).toList());
            for (Path f : all) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(OAUTH_SECRET) || text.contains(platform.domoClientSecret()), f + " holds a secret");
            }
        }

        // the pulled folder pushes again as an equal connector
        String copy = ConnectorFolder.read(pulled).push(alice, platform.domoClientId(), platform.domoClientSecret(), OAUTH_SECRET);
        Path pulledAgain = work.resolve("pulled-again");
        ConnectorFolder.pull(alice, copy, pulledAgain);
        assertEquals(Json.MAPPER.readTree(pulled.resolve("connector.json").toFile()),
                Json.MAPPER.readTree(pulledAgain.resolve("connector.json").toFile()));
    }

    @Test
    void theCliPushesForAnAuthorWhoHasNotAcceptedTheAgreementOnlyWhenToldToAcceptIt() throws IOException {
        Path source = Files.createDirectories(work.resolve("dora-crm"));
        Files.writeString(source.resolve("connector.json"), "{\"name\": \"Dora CRM\", \"reports\": [], \"parameters\": []}");
        Files.writeString(source.resolve("process.js"), PROCESS_JS);
        String user = "dora-" + System.nanoTime();
        List<String> push = List.of("push", source.toString(), "--api", server.baseUri().toString(), "--user", user,
                "--domo-client-id", platform.domoClientId(), "--domo-client-secret", platform.domoClientSecret());
        WritebackClient dora = new WritebackClient(server.baseUri(), "acme", user, "author");

        ByteArrayOutputStream refusedOut = new ByteArrayOutputStream();
        assertEquals(1, new WritebackCli(new PrintStream(refusedOut, true, StandardCharsets.UTF_8))
                .run(push.toArray(String[]::new)), "an author who has not accepted cannot create a connector");
        assertTrue(dora.get("/user-agreement").path("acceptance").isMissingNode(), "nothing was accepted for them");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> accepting = new ArrayList<>(push);
        accepting.add("--accept-agreement");
        assertEquals(0, new WritebackCli(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(accepting.toArray(String[]::new)));
        List<String> printed = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("accepted the user agreement v1", printed.get(0));
        assertEquals("Dora CRM", dora.get("/connectors/" + printed.get(1)).path("name").asText());
        assertEquals("1", dora.get("/user-agreement").path("acceptance").path("version").asText());
    }

    @Test
    void aFolderWithABrokenScriptIsRefusedWithItsLineAndColumn() throws IOException {
        Path source = Files.createDirectories(work.resolve("broken"));
        Files.writeString(source.resolve("connector.json"), "{\"name\": \"Broken\", \"reports\": [], \"parameters\": []}");
        Files.writeString(source.resolve("process.js"), "var rows = [1, 2;\n");

        ApiCallException e = assertThrows(ApiCallException.class,
                () -> ConnectorFolder.read(source).push(alice, platform.domoClientId(), platform.domoClientSecret(), null));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().startsWith("PUT /connectors/"), e.getMessage());
        assertTrue(e.getMessage().contains("process.js:1:"), e.getMessage());
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png", out);
        return out.toByteArray();
    }
}
