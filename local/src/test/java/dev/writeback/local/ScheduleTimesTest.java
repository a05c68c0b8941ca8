package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.job.Schedule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When EventBridge Scheduler expressions fire next, in their time zone. */
class ScheduleTimesTest {

    private static Instant next(String expression, String zone, String after) {
        return ScheduleTimes.next(new Schedule(expression, zone), Instant.parse(after));
    }

    @Test
    void aRateCountsFromTheLastFiring() {
        assertEquals(Instant.parse("2025-03-01T10:00:00Z"), next("rate(1 hour)", "UTC", "2025-03-01T09:00:00Z"));
        assertEquals(Instant.parse("2025-03-01T09:15:00Z"), next("rate(15 minutes)", "UTC", "2025-03-01T09:00:00Z"));
        assertEquals(Instant.parse("2025-03-03T09:00:00Z"), next("rate(2 days)", "UTC", "2025-03-01T09:00:00Z"));
    }

    @Test
    void aCronFiresStrictlyAfterTheGivenTime() {
        assertEquals(Instant.parse("2025-03-02T06:00:00Z"), next("cron(0 6 * * ? *)", "UTC", "2025-03-01T06:00:00Z"));
        assertEquals(Instant.parse("2025-03-01T06:00:00Z"), next("cron(0 6 * * ? *)", "UTC", "2025-03-01T05:59:30Z"));
    }

    @Test
    void listsRangesAndStepsInEveryField() {
        // minutes 0,30 of hours 8 to 10
        assertEquals(Instant.parse("2025-03-01T08:30:00Z"), next("cron(0,30 8-10 * * ? *)", "UTC", "2025-03-01T08:00:00Z"));
        assertEquals(Instant.parse("2025-03-02T08:00:00Z"), next("cron(0,30 8-10 * * ? *)", "UTC", "2025-03-01T10:30:00Z"));
        // every 20 minutes from minute 5
        assertEquals(Instant.parse("2025-03-01T09:25:00Z"), next("cron(5/20 * * * ? *)", "UTC", "2025-03-01T09:05:00Z"));
        assertEquals(Instant.parse("2025-03-01T10:05:00Z"), next("cron(5/20 * * * ? *)", "UTC", "2025-03-01T09:45:00Z"));
        // the 1st and 15th of the month, at noon
        assertEquals(Instant.parse("2025-03-15T12:00:00Z"), next("cron(0 12 1,15 * ? *)", "UTC", "2025-03-01T12:00:00Z"));
        // only in 2026
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), next("cron(0 0 1 1 ? 2026)", "UTC", "2025-03-01T00:00:00Z"));
    }

    @Test
    void dayOfWeekNamesAndNumbersCountFromSunday() {
        // 2025-03-01 is a Saturday
        assertEquals(Instant.parse("2025-03-03T07:00:00Z"), next("cron(0 7 ? * MON-FRI *)", "UTC", "2025-03-01T07:00:00Z"));
        assertEquals(Instant.parse("2025-03-02T07:00:00Z"), next("cron(0 7 ? * 1 *)", "UTC", "2025-03-01T07:00:00Z"));
        assertEquals(Instant.parse("2025-03-05T07:00:00Z"), next("cron(0 7 ? * wed,fri *)", "UTC", "2025-03-03T07:00:00Z"));
    }

    @Test
    void aCronIsReadInItsTimeZoneAcrossDaylightSavingChanges() {
        // Paris is UTC+1 in winter, UTC+2 from 2025-03-30 02:00
        assertEquals(Instant.parse("2025-03-29T05:00:00Z"), next("cron(0 6 * * ? *)", "Europe/Paris", "2025-03-28T06:00:00Z"));
        assertEquals(Instant.parse("2025-03-30T04:00:00Z"), next("cron(0 6 * * ? *)", "Europe/Paris", "2025-03-29T06:00:00Z"));
        // 02:30 does not exist in Paris on 2025-03-30: the next 02:30 is the following day
        assertEquals(Instant.parse("2025-03-31T00:30:00Z"), next("cron(30 2 * * ? *)", "Europe/Paris", "2025-03-29T02:00:00Z"));
        // New York falls back on 2025-11-02: 09:00 local is 14:00Z again
        assertEquals(Instant.parse("2025-11-03T14:00:00Z"), next("cron(0 9 * * ? *)", "America/New_York", "2025-11-02T14:00:00Z"));
    }

    @Test
    void aCronThatNeverMatchesWithinAYearHasNoNextFiring() {
        assertNull(next("cron(0 0 1 1 ? 2024)", "UTC", "2025-03-01T00:00:00Z"));
    }
}
