package dev.writeback.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writeback.core.error.InvalidInputException;

/**
 * A schedule firing for a job. EventBridge Scheduler delivers the input its schedule was created
 * with: {@code {"source":"writeback.schedule","jobId":…,"scheduledEventId":<aws.scheduler.execution-id>,
 * "scheduledTime":<aws.scheduler.scheduled-time>}}; an EventBridge rule delivers a
 * {@code Scheduled Event} whose {@code detail} holds the same fields and whose {@code id} identifies it.
 * A retry of a failed scheduled run carries its own event id and {@code attempt} (1, 2, …).
 */
record ScheduleEvent(String jobId, String eventId, String scheduledTime, int attempt) {
    static final String SOURCE = "writeback.schedule";

    static boolean looksLikeOne(JsonNode json) {
        return SOURCE.equals(json.path("source").asText()) || "Scheduled Event".equals(json.path("detail-type").asText());
    }

    static ScheduleEvent parse(JsonNode json) {
        JsonNode body = json.has("detail") && json.path("detail").isObject() ? json.path("detail") : json;
        String jobId = body.path("jobId").asText(null);
        String eventId = body.path("scheduledEventId").asText(json.path("id").asText(null));
        if (jobId == null || jobId.isBlank() || eventId == null || eventId.isBlank()) {
            throw new InvalidInputException("A schedule event needs jobId and scheduledEventId (or an EventBridge event id).");
        }
        int attempt = body.path("attempt").asInt(0);
        if (attempt < 0) {
            throw new InvalidInputException("A schedule event's attempt is 0 or more, not " + attempt + ".");
        }
        return new ScheduleEvent(jobId, eventId, body.path("scheduledTime").asText(json.path("time").asText(null)), attempt);
    }
}
