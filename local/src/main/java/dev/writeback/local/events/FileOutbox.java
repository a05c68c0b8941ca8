package dev.writeback.local.events;

import dev.writeback.core.alert.AlertEmail;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded default's alert emails: nothing leaves the machine; each message is one line of
 * {@code outbox/alert-emails.jsonl} in the home ({@code time}, {@code to}, {@code subject}, {@code text}).
 */
public final class FileOutbox implements AlertEmail {
    private final JsonLinesFile file;
    private final Clock clock;

    public FileOutbox(Path home, Clock clock) {
        this.file = new JsonLinesFile(file(home));
        this.clock = clock;
    }

    /** Where a home's alert emails are written. */
    public static Path file(Path home) {
        return home.resolve("outbox").resolve("alert-emails.jsonl");
    }

    @Override
    public void send(List<String> to, String subject, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("time", clock.instant().toString());
        message.put("to", to);
        message.put("subject", subject);
        message.put("text", text);
        file.append(message);
    }
}
