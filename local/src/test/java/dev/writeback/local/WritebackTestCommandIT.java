package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code writeback test} on the sample connector folder, as an author types it: the embedded default starts, the folder
 * becomes a draft (the same one on the next call), its processing script runs live and then dry, and the record is
 * printed; a refused API key makes the exit status 1.
 */
class WritebackTestCommandIT {
    private static final String FOLDER = "samples/connectors/file-drop";

    @TempDir
    Path home;

    private record Result(int status, String out) {
    }

    private Result writeback(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = new WritebackCli(new PrintStream(printed, true, StandardCharsets.UTF_8), Map.of()).run(args);
        return new Result(status, printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSampleFolderIsTestedLiveThenDryAsTheSameDraft() throws Exception {
        Result live = writeback("test", FOLDER, "--script", "process", "--report", "Opened emails",
                "--param", "datasetId=" + WritebackCli.SAMPLE_DATASET, "--param", "fileName=tested", "--file-drop-account",
                "--home", home.toString());

        assertEquals(0, live.status(), live.out());
        assertTrue(live.out().contains("   status     SUCCEEDED"), live.out());
        assertTrue(live.out().contains("     wrote 16 rows to tested.csv"), live.out());
        assertTrue(live.out().contains("/v1/files/tested.csv → 201"), live.out());
        assertTrue(live.out().contains("   datagrid (16 rows)"), live.out());
        assertTrue(live.out().lines().anyMatch(l -> l.matches(" {5}id +\\| file +\\| status")), live.out());
        assertTrue(Files.isRegularFile(home.resolve("file-drop/tested.csv")), "a live test run really writes");
        JsonNode known = Json.MAPPER.readTree(home.resolve(TestRunCommand.CONNECTORS_FILE).toFile());
        String connectorId = known.elements().next().asText();
        assertTrue(live.out().contains("pushed " + Path.of(FOLDER).toAbsolutePath() + " as draft " + connectorId), live.out());

        Files.delete(home.resolve("file-drop/tested.csv"));
        Result dry = writeback("test", FOLDER, "--script", "process", "--report", "Opened emails",
                "--param", "datasetId=" + WritebackCli.SAMPLE_DATASET, "--param", "fileName=tested", "--file-drop-account",
                "--dry", "--home", home.toString());

        assertEquals(0, dry.status(), dry.out());
        assertTrue(dry.out().contains("updated draft " + connectorId + " from "), dry.out());
        assertTrue(dry.out().contains("/v1/files/tested.csv → 200, "), dry.out());
        assertTrue(dry.out().contains("(stubbed)"), dry.out());
        assertTrue(Files.notExists(home.resolve("file-drop/tested.csv")), "a dry test run writes nothing");
        assertEquals(1, Json.MAPPER.readTree(home.resolve(TestRunCommand.CONNECTORS_FILE).toFile()).size());
    }

    @Test
    void aRefusedKeyExitsWithStatusOneAndTheScriptsMessage() {
        Result refused = writeback("test", FOLDER, "--script", "auth", "--file-drop-account", "--field", "apiKey=not-the-key",
                "--home", home.toString());

        assertEquals(1, refused.status(), refused.out());
        assertTrue(refused.out().contains("   outcome    refused: The File Drop store refused the API key (HTTP 401)."), refused.out());
    }

    @Test
    void aParamWithoutAValueIsAUsageError() {
        assertEquals(2, writeback("test", FOLDER, "--script", "process", "--param", "datasetId", "--home", home.toString()).status());
    }
}
