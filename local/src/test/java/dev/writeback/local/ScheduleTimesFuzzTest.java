package dev.writeback.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.FuzzedSchedules;
import dev.writeback.core.job.Schedule;
import dev.writeback.core.job.ScheduleExpression;
import java.time.Instant;

/**
 * Every schedule the API accepts can be run by the embedded scheduler: for an expression
 * {@link ScheduleExpression#validate} accepts, {@link ScheduleTimes#next} returns a later instant or null (it never
 * fires within a year) and never throws.
 */
class ScheduleTimesFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void next(FuzzedDataProvider data) {
        // 1970 to 2200, the years EventBridge cron allows
        Instant after = Instant.ofEpochSecond(data.consumeLong(0, 7_258_118_400L));
        Schedule accepted;
        try {
            accepted = ScheduleExpression.validate(FuzzedSchedules.schedule(data));
        } catch (InvalidInputException refused) {
            return;
        }
        Instant next = ScheduleTimes.next(accepted, after);
        assertTrue(next == null || next.isAfter(after), () -> next + " is not after " + after);
    }
}
