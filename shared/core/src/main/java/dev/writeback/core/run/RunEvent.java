package dev.writeback.core.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A run's status changed: published with source {@value #SOURCE} and a detail type per status
 * ({@code Run Queued}, {@code Run Started}, {@code Run Succeeded}, {@code Run Failed}, {@code Run Timed Out},
 * {@code Run Cancelled}), the run's summary as detail.
 */
public record RunEvent(String detailType, RunSummary detail) {
    public static final String SOURCE = "writeback";

    public static RunEvent of(Run run) {
        return new RunEvent(detailType(run.status()), RunSummary.of(run));
    }

    /**
     * The event as EventBridge delivers it to a rule's target (and as the embedded default writes and posts it):
     * {@code source}, {@code detail-type}, {@code time} and {@code detail}.
     */
    public Map<String, Object> envelope(Instant time) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("source", SOURCE);
        e.put("detail-type", detailType);
        e.put("time", time.toString());
        e.put("detail", detail);
        return e;
    }

    /** {@code Run Started} for RUNNING, else "Run " and the status in words ({@code TIMED_OUT} → {@code Run Timed Out}). */
    public static String detailType(RunStatus status) {
        if (status == RunStatus.RUNNING) {
            return "Run Started";
        }
        StringBuilder words = new StringBuilder("Run");
        for (String word : status.name().split("_")) {
            words.append(' ').append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return words.toString();
    }
}
