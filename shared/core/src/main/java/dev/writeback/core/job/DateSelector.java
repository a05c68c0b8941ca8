package dev.writeback.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.json.Json;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Date-selector parameter value, as jobs validate it and {@code DOMO.getStartDate/getEndDate} read it.
 * Accepted values: a JSON object {@code {"start": D, "end": D}} (or {@code startDate}/{@code endDate}), a range
 * {@code D..D} or {@code D/D}, {@code last N days} (today-N..today), {@code next N days} (today..today+N), or one
 * date {@code D} (start = end). {@code D} is {@code yyyy-MM-dd}, an ISO date-time (its date part), {@code today},
 * {@code yesterday}, or {@code today-N} / {@code today+N} (days, UTC).
 */
public final class DateSelector {
    private static final Pattern LAST_NEXT = Pattern.compile("(last|next)\\s+(\\d{1,6})\\s+days?");
    private static final Pattern RELATIVE = Pattern.compile("today\\s*([+-])\\s*(\\d{1,6})");

    public static LocalDate start(String value, LocalDate today) {
        return date(part(value, true), today);
    }

    public static LocalDate end(String value, LocalDate today) {
        return date(part(value, false), today);
    }

    private static String part(String value, boolean start) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no date range given (expected e.g. '2024-01-01..2024-01-31' or {\"start\":\"today-7\",\"end\":\"today\"})");
        }
        String v = value.trim();
        Matcher lastNext = LAST_NEXT.matcher(v.toLowerCase(Locale.ROOT));
        if (lastNext.matches()) {
            boolean last = lastNext.group(1).equals("last");
            String days = lastNext.group(2);
            return start ? (last ? "today-" + days : "today") : (last ? "today" : "today+" + days);
        }
        if (v.startsWith("{")) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(v);
            } catch (Exception e) {
                throw new IllegalArgumentException("the date range is not valid JSON: " + v);
            }
            JsonNode d = start ? first(n, "start", "startDate") : first(n, "end", "endDate");
            if (d == null) {
                throw new IllegalArgumentException("the date range has no " + (start ? "start" : "end") + ": " + v);
            }
            return d.asText();
        }
        int dots = v.indexOf("..");
        if (dots >= 0) {
            return start ? v.substring(0, dots) : v.substring(dots + 2);
        }
        int slash = v.indexOf('/');
        if (slash >= 0) {
            return start ? v.substring(0, slash) : v.substring(slash + 1);
        }
        return v;
    }

    private static JsonNode first(JsonNode n, String a, String b) {
        JsonNode x = n.get(a);
        return x != null && !x.isNull() ? x : n.get(b) != null && !n.get(b).isNull() ? n.get(b) : null;
    }

    private static LocalDate date(String expr, LocalDate today) {
        String e = expr.trim().toLowerCase(Locale.ROOT);
        if (e.equals("today")) {
            return today;
        }
        if (e.equals("yesterday")) {
            return today.minusDays(1);
        }
        Matcher m = RELATIVE.matcher(e);
        if (m.matches()) {
            long days = Long.parseLong(m.group(2));
            return m.group(1).equals("-") ? today.minusDays(days) : today.plusDays(days);
        }
        try {
            return LocalDate.parse(e.length() > 10 && (e.charAt(10) == 't' || e.charAt(10) == ' ') ? e.substring(0, 10) : e);
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("'" + expr.trim() + "' is not a date (use yyyy-MM-dd, today, yesterday or today-N)");
        }
    }

    private DateSelector() {
    }
}
