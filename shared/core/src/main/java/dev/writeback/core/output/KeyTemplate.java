package dev.writeback.core.output;

import dev.writeback.core.error.InvalidInputException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys and file paths with tokens: {@code {date}} / {@code {date:pattern}} (UTC, default {@code yyyy-MM-dd}),
 * {@code {date-N:pattern}} / {@code {date+N:pattern}} (N days before/after), {@code {datasetId}}, {@code {datasetName}},
 * {@code {runId}}. Domo's {@code <current_date>} and {@code <current_date-N>} macros are accepted too.
 */
public final class KeyTemplate {
    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}|<current_date([+-]\\d+)?>");
    private static final Pattern DATE = Pattern.compile("date(?:([+-])(\\d{1,5}))?(?::(.+))?");

    private KeyTemplate() {
    }

    /** Fails with the field name if a token is unknown or a date pattern is invalid. */
    public static void check(String field, String template) {
        render(field, template, Instant.EPOCH, "dataset", "name", "run");
    }

    public static String render(String field, String template, Instant now, String datasetId, String datasetName, String runId) {
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1) == null) {
                value = date(field, "date" + (m.group(2) == null ? "" : m.group(2)), now);
            } else {
                value = switch (m.group(1)) {
                    case "datasetId" -> safe(datasetId, field, "{datasetId}");
                    case "datasetName" -> safe(datasetName, field, "{datasetName}");
                    case "runId" -> safe(runId, field, "{runId}");
                    default -> date(field, m.group(1), now);
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String date(String field, String token, Instant now) {
        Matcher d = DATE.matcher(token);
        if (!d.matches()) {
            throw new InvalidInputException(field + ": unknown token {" + token
                    + "} (known: {date:yyyy-MM-dd}, {date-1:yyyy-MM-dd}, {datasetId}, {datasetName}, {runId})");
        }
        long days = d.group(2) == null ? 0 : Long.parseLong(d.group(2)) * (d.group(1).equals("-") ? -1 : 1);
        String pattern = d.group(3) == null ? "yyyy-MM-dd" : d.group(3);
        try {
            return DateTimeFormatter.ofPattern(pattern).format(LocalDateTime.ofInstant(now, ZoneOffset.UTC).plusDays(days));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidInputException(field + ": the date pattern '" + pattern + "' is not valid: " + e.getMessage());
        }
    }

    /** A name used inside a key: path separators and control characters become '_'. */
    private static String safe(String value, String field, String token) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + " uses " + token + " but it is not known for this write");
        }
        return value.replaceAll("[/\\\\\\p{Cntrl}]", "_");
    }
}
