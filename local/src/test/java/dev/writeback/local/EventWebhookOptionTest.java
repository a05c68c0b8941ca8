package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sees for {@code --event-webhook} and {@code WRITEBACK_EVENT_WEBHOOKS} values, good and bad. */
class EventWebhookOptionTest {
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    @Test
    void aValueThatIsNotAnHttpUrlIsAUsageErrorNamingIt() {
        for (String bad : List.of("hooks.example.com/x", "ftp://hooks.example.com/x", "https://", "not a url")) {
            errors.reset();
            int exit = cli(Map.of()).run(new String[] {"serve", "--event-webhook", bad});
            assertEquals(2, exit, bad);
            assertPrinted("--event-webhook: '" + bad + "' is not an absolute http(s) URL (e.g. https://hooks.example.com/writeback,"
                    + " or http://127.0.0.1:9000/events with --allow-target 127.0.0.1:9000).");
        }
        errors.reset();
        assertEquals(2, cli(Map.of(EventWebhooks.ENV, "https://a.example.com/x,,")).run(new String[] {"demo"}));
        assertPrinted("WRITEBACK_EVENT_WEBHOOKS: '' is not an absolute http(s) URL (e.g. https://hooks.example.com/writeback,"
                + " or http://127.0.0.1:9000/events with --allow-target 127.0.0.1:9000).");
    }

    @Test
    void flagsAndTheEnvironmentVariableAddUpInOrder() {
        assertEquals(List.of("https://a.example.com/x", "http://127.0.0.1:9000/events", "https://b.example.com/y"),
                EventWebhooks.of(List.of("https://a.example.com/x", "http://127.0.0.1:9000/events"), " https://b.example.com/y "));
    }

    private void assertPrinted(String line) {
        String printed = errors.toString(StandardCharsets.UTF_8);
        assertTrue(printed.lines().anyMatch(line::equals), printed);
    }

    private WritebackCli cli(Map<String, String> environment) {
        return new WritebackCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), environment);
    }
}
