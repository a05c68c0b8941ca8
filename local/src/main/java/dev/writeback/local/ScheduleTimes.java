package dev.writeback.local;

import dev.writeback.core.job.Schedule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When an EventBridge Scheduler expression fires next, for the embedded default's in-process scheduler. */
final class ScheduleTimes {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)\\)");
    private static final int YEAR_OF_MINUTES = 366 * 24 * 60;

    private ScheduleTimes() {
    }

    /** The first firing strictly after {@code after}; rates count from {@code after}. Null if it never fires. */
    static Instant next(Schedule schedule, Instant after) {
        Matcher rate = RATE.matcher(schedule.expression());
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            Duration d = unit.startsWith("minute") ? Duration.ofMinutes(n)
                    : unit.startsWith("hour") ? Duration.ofHours(n) : Duration.ofDays(n);
            return after.plus(d);
        }
        Matcher cron = CRON.matcher(schedule.expression());
        if (!cron.matches()) {
            throw new IllegalArgumentException("Not a schedule expression: " + schedule.expression());
        }
        ZoneId zone = ZoneId.of(schedule.timezone() == null ? "UTC" : schedule.timezone());
        ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < YEAR_OF_MINUTES; i++, t = t.plusMinutes(1)) {
            if (matches(cron.group(1), t.getMinute(), 0, 59)
                    && matches(cron.group(2), t.getHour(), 0, 23)
                    && matches(cron.group(3), t.getDayOfMonth(), 1, 31)
                    && matches(cron.group(4), t.getMonthValue(), 1, 12)
                    && matches(dayOfWeek(cron.group(5)), dayOfWeekNumber(t.getDayOfWeek()), 1, 7)
                    && matches(cron.group(6), t.getYear(), 1970, 2199)) {
                return t.toInstant();
            }
        }
        return null;
    }

    /** EventBridge numbers days 1 (Sunday) to 7 (Saturday). */
    private static int dayOfWeekNumber(DayOfWeek d) {
        return d.getValue() % 7 + 1;
    }

    private static String dayOfWeek(String field) {
        String f = field.toUpperCase(Locale.ROOT);
        String[] names = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
        for (int i = 0; i < names.length; i++) {
            f = f.replace(names[i], String.valueOf(i + 1));
        }
        return f;
    }

    static boolean matches(String field, int value, int min, int max) {
        if (field.equals("*") || field.equals("?")) {
            return true;
        }
        for (String part : field.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = Integer.parseInt(part.substring(slash + 1));
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
                hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                lo = Integer.parseInt(range);
                hi = slash >= 0 ? max : lo;
            }
            if (value >= lo && value <= hi && (value - lo) % step == 0) {
                return true;
            }
        }
        return false;
    }
}
