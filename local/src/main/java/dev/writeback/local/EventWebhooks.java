package dev.writeback.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The webhooks the embedded default posts every run event to, besides its JSON-lines file: {@code --event-webhook URL}
 * (repeatable) and {@code WRITEBACK_EVENT_WEBHOOKS} (comma-separated). Each is posted to through the address guard:
 * https on a public host, or a target allowed with {@code --allow-target} (http too).
 */
final class EventWebhooks {
    /** The environment variable naming event webhooks, comma-separated. */
    static final String ENV = "WRITEBACK_EVENT_WEBHOOKS";

    private EventWebhooks() {
    }

    /** The URLs of the flags' values and the environment variable's value (null when unset). */
    static List<String> of(List<String> flagValues, String environmentValue) {
        List<String> urls = new ArrayList<>();
        for (String value : flagValues) {
            urls.add(parse(value, "--event-webhook"));
        }
        if (environmentValue != null && !environmentValue.isBlank()) {
            for (String value : environmentValue.split(",", -1)) {
                urls.add(parse(value.strip(), ENV));
            }
        }
        return List.copyOf(urls);
    }

    /** {@code value} if it is an absolute http(s) URL, or an {@link IllegalArgumentException} naming it and {@code source}. */
    static String parse(String value, String source) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() != null && (scheme.equals("https") || scheme.equals("http"))) {
                return value;
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw new IllegalArgumentException(source + ": '" + value + "' is not an absolute http(s) URL"
                + " (e.g. https://hooks.example.com/writeback, or http://127.0.0.1:9000/events with --allow-target 127.0.0.1:9000).");
    }
}
