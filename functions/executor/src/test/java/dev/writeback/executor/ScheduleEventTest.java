package dev.writeback.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScheduleEventTest {
    private static final String ARN = "arn:aws:scheduler:us-east-1:123456789012:schedule/default/writeback-job-1";

    private static ScheduleEvent parse(String json) throws Exception {
        return ScheduleEvent.parse(Json.MAPPER.readTree(json));
    }

    @Test
    void theSampleEventIsAFiringIdentifiedByItsScheduleAndTime() throws Exception {
        JsonNode sample = Json.MAPPER.readTree(Files.readString(Path.of("../../events/executor-scheduler-event.json")));

        assertTrue(ScheduleEvent.looksLikeOne(sample));
        assertEquals(new ScheduleEvent("job-000000000000000000000000", "writeback-job-000000000000000000000000-20261129T060000Z",
                "2026-11-29T06:00:00Z", 0), ScheduleEvent.parse(sample));
    }

    @Test
    void schedulersRetriesOfAFiringHaveTheFiringsEventId() throws Exception {
        // what Scheduler delivers: the same schedule ARN and scheduled time on every attempt
        String firing = "{\"source\":\"writeback.schedule\",\"jobId\":\"job-1\",\"scheduleArn\":\"" + ARN + "\","
                + "\"scheduledTime\":\"2025-03-01T10:00:00Z\"}";
        String nextFiring = firing.replace("10:00:00Z", "11:00:00Z");

        assertEquals("writeback-job-1-20250301T100000Z", parse(firing).eventId());
        assertEquals(parse(firing), parse(firing));
        assertEquals("writeback-job-1-20250301T110000Z", parse(nextFiring).eventId());
        assertEquals(0, parse(firing).attempt());
    }

    @Test
    void aRetryOfAFailedRunKeepsItsOwnEventIdAndAttempt() throws Exception {
        ScheduleEvent retry = parse("{\"source\":\"writeback.schedule\",\"jobId\":\"job-1\","
                + "\"scheduledEventId\":\"writeback-job-1-20250301T100000Z-retry-2\",\"attempt\":2,"
                + "\"scheduledTime\":\"2025-03-01T10:04:00Z\"}");

        assertEquals(new ScheduleEvent("job-1", "writeback-job-1-20250301T100000Z-retry-2", "2025-03-01T10:04:00Z", 2), retry);
    }

    @Test
    void aTimeThatIsNotIsoIsKeptAsDelivered() {
        assertEquals("writeback-job-1-next tuesday", ScheduleEvent.firingId(ARN, "next tuesday"));
        assertEquals("writeback-job-1-20250301T100000Z", ScheduleEvent.firingId(ARN, "2025-03-01T11:00:00+01:00"));
    }

    @Test
    void anEventWithoutJobOrFiringIsRefused() {
        assertEquals("A schedule event needs jobId.", assertThrows(InvalidInputException.class,
                () -> parse("{\"source\":\"writeback.schedule\",\"scheduleArn\":\"" + ARN + "\",\"scheduledTime\":\"2025-03-01T10:00:00Z\"}"))
                .getMessage());
        assertEquals("A schedule event needs scheduleArn and scheduledTime (or, for a retry, scheduledEventId).",
                assertThrows(InvalidInputException.class,
                        () -> parse("{\"source\":\"writeback.schedule\",\"jobId\":\"job-1\",\"scheduledTime\":\"2025-03-01T10:00:00Z\"}"))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> parse("{\"source\":\"writeback.schedule\",\"jobId\":\"job-1\","
                + "\"scheduleArn\":\"" + ARN + "\",\"scheduledTime\":\"2025-03-01T10:00:00Z\",\"attempt\":-1}"));
    }

    @Test
    void anEventBridgeRuleEventIsNotAScheduleEvent() throws Exception {
        // the template creates no EventBridge rules; their "Scheduled Event" shape is not taken
        assertFalse(ScheduleEvent.looksLikeOne(Json.MAPPER.readTree("{\"version\":\"0\",\"id\":\"53dc4d37\","
                + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"2026-11-29T06:00:00Z\","
                + "\"detail\":{\"jobId\":\"job-1\"}}")));
    }
}
