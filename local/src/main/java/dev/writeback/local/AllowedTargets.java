package dev.writeback.local;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local addresses a connector author lets scripts, built-in writers and OAuth token calls reach, over http
 * too: {@code --allow-target HOST:PORT} (repeatable) and {@code WRITEBACK_ALLOW_TARGETS} (comma-separated). Only
 * the embedded default reads them; in AWS there is no such setting.
 */
final class AllowedTargets {
    /** The environment variable naming allowed targets, comma-separated. */
    static final String ENV = "WRITEBACK_ALLOW_TARGETS";

    private static final Pattern HOST_PORT = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)"
                    + ":([0-9]{1,5})");

    private AllowedTargets() {
    }

    /** The targets of the flags' values and the environment variable's value (null when unset), as {@code host:port}. */
    static Set<String> of(List<String> flagValues, String environmentValue) {
        Set<String> targets = new LinkedHashSet<>();
        for (String value : flagValues) {
            targets.add(parse(value, "--allow-target"));
        }
        if (environmentValue != null && !environmentValue.isBlank()) {
            for (String value : environmentValue.split(",", -1)) {
                targets.add(parse(value.strip(), ENV));
            }
        }
        return targets;
    }

    /** {@code value} as a lower-case {@code host:port}, or an {@link IllegalArgumentException} naming it and {@code source}. */
    static String parse(String value, String source) {
        Matcher m = HOST_PORT.matcher(value);
        int port = m.matches() ? Integer.parseInt(m.group(2)) : 0;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(source + ": '" + value + "' is not HOST:PORT with a port from 1 to 65535"
                    + " (e.g. 127.0.0.1:8080, localhost:8080 or [::1]:8080).");
        }
        return m.group(1).toLowerCase(Locale.ROOT) + ":" + port;
    }
}
