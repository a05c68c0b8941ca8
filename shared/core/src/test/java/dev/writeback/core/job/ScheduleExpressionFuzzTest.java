package dev.writeback.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.writeback.core.error.InvalidInputException;

/**
 * A schedule is the caller's text: {@link ScheduleExpression#validate} accepts it (and accepting is stable: the
 * accepted form validates to itself) or refuses it with {@link InvalidInputException}; nothing else.
 */
class ScheduleExpressionFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void validate(FuzzedDataProvider data) {
        Schedule accepted;
        try {
            accepted = ScheduleExpression.validate(FuzzedSchedules.schedule(data));
        } catch (InvalidInputException refused) {
            return;
        }
        assertNotNull(accepted);
        assertEquals(accepted, ScheduleExpression.validate(accepted));
    }
}
