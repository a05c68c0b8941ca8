package dev.writeback.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {

    private static String refusal(String expression) {
        return assertThrows(InvalidInputException.class,
                () -> ScheduleExpression.validate(new Schedule(expression, null))).getMessage();
    }

    private static String tooOften(String expression) {
        return "Schedules run at most every 15 minutes; '" + expression + "' is more often.";
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(15 minutes)", "rate(1 hour)", "rate(2 hours)", "rate(1 day)", "rate(7 days)",
            "cron(0,30 * * * ? *)", "cron(0 6 * * ? *)", "cron(*/15 * * * ? *)", "cron(0/20 8-17 ? * MON-FRI *)",
            "cron(0,15,30,45 * * * ? *)", "cron(50 6,7 * * ? *)", "cron(0 12 1 * ? *)", "cron(0 6 L * ? *)",
            "cron(0 6 ? * 2#1 *)", "cron(0 6 15W JAN-MAR,DEC ? 2026-2030)", "cron(0 6 ? * MON,WED,FRI *)", "cron(0 */2 ? * 6L *)"})
    void acceptsSchedulesAtMostEveryFifteenMinutes(String expression) {
        assertEquals(new Schedule(expression, "UTC"), ScheduleExpression.validate(new Schedule(" " + expression + " ", null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(5 minutes)", "rate(14 minutes)", "cron(*/5 * * * ? *)", "cron(0/10 * * * ? *)",
            "cron(* 6 * * ? *)", "cron(0,10 6 * * ? *)", "cron(0,50 * * * ? *)", "cron(0,20,30 * * * ? *)"})
    void refusesSchedulesMoreOftenThanEveryFifteenMinutes(String expression) {
        assertEquals(tooOften(expression), refusal(expression));
    }

    @Test
    void aRateNeedsAPositiveNumberAndAMatchingUnit() {
        for (String bad : new String[] {"rate(0 minutes)", "rate(1 hours)", "rate(2 hour)"}) {
            assertEquals("'" + bad + "' is not a valid rate: use rate(1 hour) or rate(2 hours), with a positive number.", refusal(bad));
        }
    }

    @Test
    void aRateIsAtMostOneYear() {
        for (String ok : new String[] {"rate(525600 minutes)", "rate(8760 hours)", "rate(365 days)", "rate(0015 minutes)"}) {
            assertEquals(ok, ScheduleExpression.validate(new Schedule(ok, null)).expression());
        }
        for (String bad : new String[] {"rate(99999999999999999999 minutes)", "rate(525601 minutes)", "rate(8761 hours)",
                "rate(366 days)", "rate(9223372036854775807 days)"}) {
            assertEquals("'" + bad + "' is longer than the longest rate, one year: rate(525600 minutes), rate(8760 hours) or "
                    + "rate(365 days).", refusal(bad));
        }
    }

    @Test
    void cronIncrementsStayWithinTheirField() {
        assertEquals("The increment /99999 in the minutes field of 'cron(0/99999 * * * ? *)' is out of range: increments go from 1 to 59.",
                refusal("cron(0/99999 * * * ? *)"));
        assertEquals("The increment /60 in the minutes field of 'cron(*/60 * * * ? *)' is out of range: increments go from 1 to 59.",
                refusal("cron(*/60 * * * ? *)"));
        assertEquals("The increment /24 in the hours field of 'cron(0 0/24 * * ? *)' is out of range: increments go from 1 to 23.",
                refusal("cron(0 0/24 * * ? *)"));
        assertEquals("The increment /32 in the day-of-month field of 'cron(0 6 1/32 * ? *)' is out of range: increments go from 1 to 31.",
                refusal("cron(0 6 1/32 * ? *)"));
        assertEquals("The increment /13 in the month field of 'cron(0 6 1 */13 ? *)' is out of range: increments go from 1 to 12.",
                refusal("cron(0 6 1 */13 ? *)"));
        assertEquals("The increment /230 in the year field of 'cron(0 6 1 * ? 2026/230)' is out of range: increments go from 1 to 229.",
                refusal("cron(0 6 1 * ? 2026/230)"));
        assertEquals("Minute 60 in 'cron(60/15 * * * ? *)' is out of range 0–59.", refusal("cron(60/15 * * * ? *)"));
        assertEquals("Minute 100 in 'cron(100 6 * * ? *)' is out of range 0–59.", refusal("cron(100 6 * * ? *)"));
        assertEquals("Minute 99999999999 in 'cron(99999999999 6 * * ? *)' is out of range 0–59.", refusal("cron(99999999999 6 * * ? *)"));
        for (String ok : new String[] {"cron(5/15 * * * ? *)", "cron(0 0/23 * * ? *)", "cron(0 6 1/31 * ? *)", "cron(0 6 1 */12 ? 2026/229)"}) {
            assertEquals(ok, ScheduleExpression.validate(new Schedule(ok, null)).expression());
        }
    }

    @Test
    void cronFieldsAreCheckedTheWayEventBridgeReadsThem() {
        assertEquals("In 'cron(0 6 1 * MON *)', exactly one of day-of-month and day-of-week must be '?' (EventBridge cron).",
                refusal("cron(0 6 1 * MON *)"));
        assertEquals("In 'cron(0 6 ? * ? *)', exactly one of day-of-month and day-of-week must be '?' (EventBridge cron).",
                refusal("cron(0 6 ? * ? *)"));
        assertEquals("The hours field '99' of 'cron(0 99 * * ? *)' is not valid: use *, numbers from 0 to 23, ranges (a-b), "
                + "lists (a,b) or steps (*/n).", refusal("cron(0 99 * * ? *)"));
        assertEquals("The month field 'FOO' of 'cron(0 6 * FOO ? *)' is not valid: use *, numbers from 1 to 12, ranges (a-b), "
                + "lists (a,b) or steps (*/n).", refusal("cron(0 6 * FOO ? *)"));
        assertEquals("The day-of-week field '9' of 'cron(0 6 ? * 9 *)' is not valid: use *, numbers from 1 to 7, ranges (a-b), "
                + "lists (a,b) or steps (*/n).", refusal("cron(0 6 ? * 9 *)"));
        assertEquals("The year field '1900' of 'cron(0 6 * * ? 1900)' is not valid: use *, numbers from 1970 to 2199, ranges (a-b), "
                + "lists (a,b) or steps (*/n).", refusal("cron(0 6 * * ? 1900)"));
        assertEquals("Minute 75 in 'cron(75 6 * * ? *)' is out of range 0–59.", refusal("cron(75 6 * * ? *)"));
        assertEquals("The minutes field '5-10' of 'cron(5-10 6 * * ? *)' is not supported; use a number, a list of numbers, or */N with N ≥ 15.",
                refusal("cron(5-10 6 * * ? *)"));
        assertEquals("'cron(0 6 * * ?)' is not a schedule expression; use rate(1 hour) or cron(0 6 * * ? *).",
                refusal("cron(0 6 * * ?)"));
        assertEquals("'every hour' is not a schedule expression; use rate(1 hour) or cron(0 6 * * ? *).", refusal("every hour"));
    }

    @Test
    void theTimeZoneMustBeAnIanaName() {
        assertEquals(new Schedule("cron(0 6 * * ? *)", "Europe/Paris"),
                ScheduleExpression.validate(new Schedule("cron(0 6 * * ? *)", "Europe/Paris")));
        assertEquals("Unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/Paris or UTC.",
                assertThrows(InvalidInputException.class,
                        () -> ScheduleExpression.validate(new Schedule("rate(1 hour)", "Mars/Olympus"))).getMessage());
    }

    @Test
    void noScheduleIsValid() {
        assertNull(ScheduleExpression.validate(null));
    }
}
