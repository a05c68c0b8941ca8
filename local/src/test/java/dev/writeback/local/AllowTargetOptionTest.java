package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an author sees for {@code --allow-target} and {@code WRITEBACK_ALLOW_TARGETS} values, good and bad. */
class AllowTargetOptionTest {
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    @Test
    void aBadFlagValueIsAUsageErrorNamingIt() {
        for (String bad : List.of("127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "localhost:http", "http://127.0.0.1:8080",
                "::1:8080", ":8080", "bad host:8080", "127.0.0.1:8080/path")) {
            errors.reset();
            int exit = cli(Map.of()).run(new String[] {"serve", "--allow-target", "127.0.0.1:9000", "--allow-target", bad});
            assertEquals(2, exit, bad);
            assertPrinted("--allow-target: '" + bad + "' is not HOST:PORT with a port from 1 to 65535"
                    + " (e.g. 127.0.0.1:8080, localhost:8080 or [::1]:8080).");
        }
    }

    @Test
    void aBadValueInTheEnvironmentVariableIsAUsageErrorNamingIt() {
        int exit = cli(Map.of(AllowedTargets.ENV, "127.0.0.1:9000,,localhost:9001")).run(new String[] {"demo"});
        assertEquals(2, exit);
        assertPrinted("WRITEBACK_ALLOW_TARGETS: '' is not HOST:PORT with a port from 1 to 65535"
                + " (e.g. 127.0.0.1:8080, localhost:8080 or [::1]:8080).");
    }

    @Test
    void flagsAndTheEnvironmentVariableAddUp() {
        assertEquals(Set.of("127.0.0.1:9000", "[::1]:9001", "my-api.local:8443", "localhost:9002"),
                AllowedTargets.of(List.of("127.0.0.1:9000", "[::1]:9001", "My-API.local:8443"), " localhost:9002 "));
    }

    @Test
    void otherOptionsGivenTwiceAndAllowTargetOnOtherCommandsAreUsageErrors() {
        assertEquals(2, cli(Map.of()).run(new String[] {"demo", "--home", "a", "--home", "b"}));
        assertPrinted("Option --home is given twice.");
        errors.reset();
        assertEquals(2, cli(Map.of()).run(new String[] {"pull", "con-1", "folder", "--api", "http://127.0.0.1:3000",
                "--allow-target", "127.0.0.1:9000"}));
        assertPrinted("--allow-target is for demo, serve, invoke and test only.");
    }

    /** {@code line} is among the lines printed on standard error (where other test tooling may log too). */
    private void assertPrinted(String line) {
        String printed = errors.toString(StandardCharsets.UTF_8);
        assertTrue(printed.lines().anyMatch(line::equals), printed);
    }

    private WritebackCli cli(Map<String, String> environment) {
        return new WritebackCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), environment);
    }
}
