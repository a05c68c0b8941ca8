package dev.writeback.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.error.InvalidInputException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A schedule firing for a job. EventBridge Scheduler delivers the input its schedule was created
 * with: {@code {"source":"writeback.schedule","jobId":…,"scheduleArn":<aws.scheduler.schedule-arn>,
 * "scheduledTime":<aws.scheduler.scheduled-time>}}. Both stay the same when Scheduler retries the
 * delivery of a firing (its execution id does not), so the event id — the run's dedupe key — is made
 * from them: the schedule's name and the scheduled time, e.g.
 * {@code writeback-job-1-20261129T060000Z}. A retry of a failed scheduled run carries its own
 * {@code scheduledEventId} and {@code attempt} (1, 2, …), as do the embedded default's firings.
 */
record ScheduleEvent(String jobId, String eventId, String scheduledTime, int attempt) implements ExecutorEvent {
    static final String SOURCE = "writeback.schedule";
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static boolean looksLikeOne(JsonNode json) {
        return SOURCE.equals(json.path("source").asText());
    }

    static ScheduleEvent parse(JsonNode json) {
        String jobId = text(json, "jobId");
        if (jobId == null) {
            throw new InvalidInputException("A schedule event needs jobId.");
        }
        String scheduledTime = text(json, "scheduledTime");
        String eventId = text(json, "scheduledEventId");
        if (eventId == null) {
            String scheduleArn = text(json, "scheduleArn");
            if (scheduleArn == null || scheduledTime == null) {
                throw new InvalidInputException("A schedule event needs scheduleArn and scheduledTime (or, for a retry, scheduledEventId).");
            }
            eventId = firingId(scheduleArn, scheduledTime);
        }
        int attempt = json.path("attempt").asInt(0);
        if (attempt < 0) {
            throw new InvalidInputException("A schedule event's attempt is 0 or more, not " + attempt + ".");
        }
        return new ScheduleEvent(jobId, eventId, scheduledTime, attempt);
    }

    /**
     * One firing of one schedule: the schedule's name (the end of its ARN; one deployment has one group)
     * and the scheduled time in UTC. A time that is not ISO-8601 is kept as delivered.
     */
    static String firingId(String scheduleArn, String scheduledTime) {
        String name = scheduleArn.substring(scheduleArn.lastIndexOf('/') + 1);
        String time;
        try {
            time = COMPACT.format(Instant.parse(scheduledTime));
        } catch (DateTimeParseException notIso) {
            time = scheduledTime;
        }
        return name + "-" + time;
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }
}
