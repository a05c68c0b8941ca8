package dev.writeback.core.job;

import dev.writeback.core.error.InvalidInputException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates EventBridge Scheduler {@code rate()} and {@code cron()} expressions, with a 15-minute minimum interval
 * and a one-year maximum rate ({@value #MAX_RATE_MINUTES} minutes, 8760 hours or 365 days): EventBridge's field
 * ranges (minutes 0–59, hours 0–23, day-of-month 1–31, month 1–12, day-of-week 1–7, year 1970–2199), and
 * increments ({@code a/n}) of at most the field's largest value.
 */
public final class ScheduleExpression {
    public static final int MIN_INTERVAL_MINUTES = 15;
    /** The longest rate: one year. */
    public static final long MAX_RATE_MINUTES = 365L * 24 * 60;
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)\\)");

    private ScheduleExpression() {
    }

    public static Schedule validate(Schedule schedule) {
        if (schedule == null) {
            return null;
        }
        String expr = schedule.expression() == null ? "" : schedule.expression().strip();
        String zone = schedule.timezone() == null || schedule.timezone().isBlank() ? "UTC" : schedule.timezone().strip();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInputException("Unknown time zone '" + zone + "'; use an IANA name such as Europe/Paris or UTC.");
        }
        Matcher rate = RATE.matcher(expr);
        Matcher cron = CRON.matcher(expr);
        if (rate.matches()) {
            String unit = rate.group(2);
            long perUnit = unit.startsWith("minute") ? 1 : unit.startsWith("hour") ? 60 : 1440;
            String digits = rate.group(1).replaceFirst("^0+(?=\\d)", "");
            if (digits.length() > 9 || Long.parseLong(digits) * perUnit > MAX_RATE_MINUTES) {
                throw new InvalidInputException("'" + expr + "' is longer than the longest rate, one year: rate(" + MAX_RATE_MINUTES
                        + " minutes), rate(" + MAX_RATE_MINUTES / 60 + " hours) or rate(" + MAX_RATE_MINUTES / 1440 + " days).");
            }
            long n = Long.parseLong(digits);
            if (n == 0 || (n == 1) != !unit.endsWith("s")) {
                throw new InvalidInputException("'" + expr + "' is not a valid rate: use rate(1 hour) or rate(2 hours), with a positive number.");
            }
            long minutes = n * perUnit;
            if (minutes < MIN_INTERVAL_MINUTES) {
                throw new InvalidInputException("Schedules run at most every " + MIN_INTERVAL_MINUTES + " minutes; '" + expr + "' is more often.");
            }
        } else if (cron.matches()) {
            checkCronMinutes(expr, cron.group(1), cron.group(2));
            checkField(expr, "hours", cron.group(2), 0, 23, null, false);
            checkField(expr, "day-of-month", cron.group(3), 1, 31, null, true);
            checkField(expr, "month", cron.group(4), 1, 12, MONTHS, false);
            checkField(expr, "day-of-week", cron.group(5), 1, 7, DAYS, true);
            checkField(expr, "year", cron.group(6), 1970, 2199, null, false);
            boolean domAny = "?".equals(cron.group(3));
            boolean dowAny = "?".equals(cron.group(5));
            if (domAny == dowAny) {
                throw new InvalidInputException("In '" + expr + "', exactly one of day-of-month and day-of-week must be '?' (EventBridge cron).");
            }
        } else {
            throw new InvalidInputException("'" + expr + "' is not a schedule expression; use rate(1 hour) or cron(0 6 * * ? *).");
        }
        return new Schedule(expr, zone);
    }

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /**
     * A cron field: {@code *}, values, ranges and steps within [min, max] (or the names given); the day fields
     * also take {@code ?}, and EventBridge's {@code L}, {@code W} and {@code #} forms.
     */
    private static void checkField(String expr, String field, String value, int min, int max, List<String> names,
                                   boolean dayField) {
        if (value.equals("*") || dayField && (value.equals("?") || value.matches("L|LW|\\d{1,2}W|[1-7]L|[1-7]#[1-5]"))) {
            if (value.matches("(\\d{1,2})W") && Integer.parseInt(value.substring(0, value.length() - 1)) > 31) {
                throw new InvalidInputException("The " + field + " field '" + value + "' of '" + expr + "' is out of range.");
            }
            return;
        }
        for (String part : value.split(",", -1)) {
            String[] stepped = part.split("/", -1);
            if (stepped.length > 2 || stepped.length == 2 && !stepped[1].matches("\\d{1,9}") || part.isEmpty()) {
                throw badField(expr, field, value, min, max);
            }
            int maxStep = min >= 1970 ? max - min : max;
            if (stepped.length == 2 && (Integer.parseInt(stepped[1]) == 0 || Integer.parseInt(stepped[1]) > maxStep)) {
                throw new InvalidInputException("The increment /" + stepped[1] + " in the " + field + " field of '" + expr
                        + "' is out of range: increments go from 1 to " + maxStep + ".");
            }
            String range = stepped[0];
            if (range.equals("*") && stepped.length == 2) {
                continue;
            }
            for (String bound : range.split("-", -1)) {
                int v = number(bound, names);
                if (v < min || v > max || range.split("-", -1).length > 2) {
                    throw badField(expr, field, value, min, max);
                }
            }
        }
    }

    private static int number(String s, List<String> names) {
        if (names != null && names.contains(s.toUpperCase(Locale.ROOT))) {
            return names.indexOf(s.toUpperCase(Locale.ROOT)) + 1;
        }
        return s.matches("\\d{1,4}") ? Integer.parseInt(s) : Integer.MIN_VALUE;
    }

    private static InvalidInputException badField(String expr, String field, String value, int min, int max) {
        return new InvalidInputException("The " + field + " field '" + value + "' of '" + expr + "' is not valid: use *, "
                + "numbers from " + min + " to " + max + ", ranges (a-b), lists (a,b) or steps (*/n).");
    }

    private static void checkCronMinutes(String expr, String minutes, String hours) {
        List<Integer> values = new ArrayList<>();
        if (minutes.equals("*")) {
            values.add(-1);
        } else if (minutes.matches("(\\*|\\d{1,2})/(\\d{1,9})")) {
            String start = minutes.substring(0, minutes.indexOf('/'));
            int step = Integer.parseInt(minutes.substring(minutes.indexOf('/') + 1));
            if (!start.equals("*") && Integer.parseInt(start) > 59) {
                throw new InvalidInputException("Minute " + start + " in '" + expr + "' is out of range 0–59.");
            }
            if (step < 1 || step > 59) {
                throw new InvalidInputException("The increment /" + step + " in the minutes field of '" + expr
                        + "' is out of range: increments go from 1 to 59.");
            }
            if (step < MIN_INTERVAL_MINUTES) {
                values.add(-1);
            }
        } else if (minutes.matches("\\d+(,\\d+)*")) {
            for (String m : minutes.split(",")) {
                int v = m.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(m);
                if (v > 59) {
                    throw new InvalidInputException("Minute " + m + " in '" + expr + "' is out of range 0–59.");
                }
                values.add(v);
            }
            values.sort(Integer::compare);
            boolean single = hours.matches("\\d+");
            for (int i = 0; i < values.size(); i++) {
                int next = i + 1 < values.size() ? values.get(i + 1) : (single ? Integer.MAX_VALUE : values.get(0) + 60);
                if (next - values.get(i) < MIN_INTERVAL_MINUTES) {
                    values.set(0, -1);
                    break;
                }
            }
        } else {
            throw new InvalidInputException("The minutes field '" + minutes + "' of '" + expr
                    + "' is not supported; use a number, a list of numbers, or */N with N ≥ " + MIN_INTERVAL_MINUTES + ".");
        }
        if (!values.isEmpty() && values.get(0) == -1) {
            throw new InvalidInputException("Schedules run at most every " + MIN_INTERVAL_MINUTES + " minutes; '" + expr + "' is more often.");
        }
    }
}
