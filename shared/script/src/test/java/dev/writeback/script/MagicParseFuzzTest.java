package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code datagrid.magicParseCSV}, {@code magicParseJSON} and {@code magicParseXML} read text a script fetched from anywhere: the
 * CSV parser returns a header, one type per column and rows as wide as the header for any text; through the runner,
 * each call either fills the datagrid or ends the run with a script error (a runtime error or a limit), never with
 * an exception escaping the runner or the host API failing. The runner cases start a script per input: keep their
 * fuzzing runs short.
 */
class MagicParseFuzzTest {
    private static GraalScriptRunner runner;

    @BeforeAll
    static void start() {
        runner = new GraalScriptRunner(ScriptLimits.defaults().withStatementLimit(1_000_000), HttpPolicy.defaults());
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @FuzzTest(maxDuration = "60s")
    void magicCsv(@NotNull String csv) {
        MagicCsv.Parsed parsed = MagicCsv.parse(csv);
        assertEquals(parsed.header().size(), parsed.types().size());
        for (List<Object> row : parsed.rows()) {
            assertEquals(parsed.header().size(), row.size());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void magicParseCsvScript(@NotNull String text) {
        runs("datagrid.magicParseCSV(metadata.parameters.text);", text);
    }

    @FuzzTest(maxDuration = "60s")
    void magicParseJsonScript(@NotNull String text) {
        runs("datagrid.magicParseJSON(metadata.parameters.text);", text);
    }

    @FuzzTest(maxDuration = "60s")
    void magicParseXmlScript(@NotNull String text) {
        runs("datagrid.magicParseXML(metadata.parameters.text);", text);
    }

    private static void runs(String code, String text) {
        ScriptInput input = ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).report("Default")
                .parameters(Map.of("text", text)).baseUrl("https://api.example.com").build();
        ProcessOutcome outcome = runner.process(Inputs.js(code), input);
        if (outcome.error() == null) {
            assertNotNull(outcome.grid());
            return;
        }
        Kind kind = outcome.error().kind();
        assertTrue(kind == Kind.RUNTIME || kind == Kind.LIMIT, () -> outcome.error().describe());
        assertFalse(outcome.error().message().startsWith("the host API failed"), () -> outcome.error().describe());
    }
}
