package dev.writeback.core.job;

import dev.writeback.core.error.InvalidInputException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates EventBridge Scheduler {@code rate()} and {@code cron()} expressions, with a 15-minute minimum interval. */
public final class ScheduleExpression {
    public static final int MIN_INTERVAL_MINUTES = 15;
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
            long n = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            if (n == 0 || (n == 1) != !unit.endsWith("s")) {
                throw new InvalidInputException("'" + expr + "' is not a valid rate: use rate(1 hour) or rate(2 hours), with a positive number.");
            }
            long minutes = unit.startsWith("minute") ? n : unit.startsWith("hour") ? n * 60 : n * 1440;
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
            if (stepped.length > 2 || stepped.length == 2 && !stepped[1].matches("\\d{1,4}") || part.isEmpty()) {
                throw badField(expr, field, value, min, max);
            }
            if (stepped.length == 2 && Integer.parseInt(stepped[1]) == 0) {
                throw badField(expr, field, value, min, max);
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
        } else if (minutes.matches("(\\*|0)/(\\d+)")) {
            int step = Integer.parseInt(minutes.substring(minutes.indexOf('/') + 1));
            if (step < MIN_INTERVAL_MINUTES) {
                values.add(-1);
            }
        } else if (minutes.matches("\\d+(,\\d+)*")) {
            for (String m : minutes.split(",")) {
                int v = Integer.parseInt(m);
                if (v > 59) {
                    throw new InvalidInputException("Minute " + v + " in '" + expr + "' is out of range 0–59.");
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
