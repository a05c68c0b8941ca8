package dev.writeback.local.events;

import dev.writeback.core.run.RunEvent;
import dev.writeback.core.run.RunEventPublisher;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The embedded default's event bus: every run event, as EventBridge would deliver it to a rule's target
 * ({@code source}, {@code detail-type}, {@code time}, {@code detail}), one per line in {@code events/run-events.jsonl}
 * of the home.
 */
public final class LocalRunEvents implements RunEventPublisher {
    private final JsonLinesFile file;
    private final Clock clock;

    public LocalRunEvents(Path home, Clock clock) {
        this.file = new JsonLinesFile(file(home));
        this.clock = clock;
    }

    /** Where a home's run events are written. */
    public static Path file(Path home) {
        return home.resolve("events").resolve("run-events.jsonl");
    }

    @Override
    public void publish(RunEvent event) {
        file.append(event.envelope(clock.instant()));
    }
}
