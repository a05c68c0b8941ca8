package dev.writeback.aws.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.Schedule;
import dev.writeback.core.testing.JobSchedulerContract;
import dev.writeback.testing.aws.MotoExtension;
import dev.writeback.testing.aws.SchedulerFiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * The JobScheduler contract and the schedules' targets, through the real SDK client against moto's
 * EventBridge Scheduler, in the group the template uses ({@code default}).
 */
class EventBridgeJobSchedulerIT extends JobSchedulerContract<EventBridgeJobScheduler> {
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();
    private static final String GROUP = "default";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String target() {
        return "arn:aws:lambda:us-east-1:" + AWS.accountId() + ":function:writeback-executor:live";
    }

    private static String role() {
        return "arn:aws:iam::" + AWS.accountId() + ":role/writeback-scheduler";
    }

    private static String deadLetters() {
        return "arn:aws:sqs:us-east-1:" + AWS.accountId() + ":writeback-schedule-dlq";
    }

    @Override
    protected EventBridgeJobScheduler newScheduler() {
        return new EventBridgeJobScheduler(AWS.scheduler(), GROUP, target(), role());
    }

    private static Optional<GetScheduleResponse> get(String name) {
        try {
            return Optional.of(AWS.scheduler().getSchedule(b -> b.name(name).groupName(GROUP)));
        } catch (ResourceNotFoundException absent) {
            return Optional.empty();
        }
    }

    @Override
    protected Optional<Held> scheduleOf(String jobId) {
        return get(EventBridgeJobScheduler.scheduleName(jobId))
                .map(s -> new Held(s.scheduleExpression(), s.scheduleExpressionTimezone(), "ENABLED".equals(s.stateAsString())));
    }

    @Override
    protected Optional<HeldRetry> retryOf(String jobId, String eventId) {
        return get(EventBridgeJobScheduler.retryName(jobId, eventId)).map(s -> {
            String at = s.scheduleExpression().replaceFirst("^at\\((.*)\\)$", "$1");
            JsonNode input = read(s.target().input());
            return new HeldRetry(LocalDateTime.parse(at).atZone(ZoneId.of(s.scheduleExpressionTimezone())).toInstant(),
                    s.actionAfterCompletion() == ActionAfterCompletion.DELETE, input.path("scheduledEventId").asText(),
                    input.path("attempt").asInt());
        });
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aJobsScheduleTargetsTheExecutorWithTheScheduleArnAndScheduledTime() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("cron(30 6 ? * MON-FRI *)", "Europe/Paris"), JobStatus.ACTIVE));

        GetScheduleResponse s = get("writeback-" + id).orElseThrow();
        assertEquals("arn:aws:scheduler:us-east-1:" + AWS.accountId() + ":schedule/default/writeback-" + id, s.arn());
        assertEquals("OFF", s.flexibleTimeWindow().modeAsString());
        assertEquals("NONE", s.actionAfterCompletionAsString());
        assertEquals("Writeback job " + id, s.description());
        assertEquals(target(), s.target().arn());
        assertEquals(role(), s.target().roleArn());
        assertEquals("{\"source\":\"writeback.schedule\",\"jobId\":\"" + id + "\",\"scheduleArn\":\"<aws.scheduler.schedule-arn>\","
                + "\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}", s.target().input());
        assertEquals(2, s.target().retryPolicy().maximumRetryAttempts(), "invocation retries; failed runs retry through scheduleRetry");
        assertEquals(3600, s.target().retryPolicy().maximumEventAgeInSeconds());
        assertNull(s.target().deadLetterConfig(), "no dead-letter queue unless one is configured");
    }

    @Test
    void everyAttemptAtDeliveringOneFiringCarriesTheSameScheduleArnAndTime() {
        String id = newJobId();
        scheduler.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));
        GetScheduleResponse s = get("writeback-" + id).orElseThrow();
        Instant firing = Instant.parse("2025-03-01T10:00:00Z");

        String first = SchedulerFiring.deliveredInput(s, firing, "d32c5kddcf5bb8c3", 1);
        String retried = SchedulerFiring.deliveredInput(s, firing, "7a01f3e9b2c4d5e6", 2);
        String nextHour = SchedulerFiring.deliveredInput(s, firing.plusSeconds(3600), "0b9e8d7c6b5a4f3e", 1);

        assertEquals(first, retried, "Scheduler's own retry of a firing delivers the same input");
        assertNotEquals(first, nextHour);
        JsonNode json = read(first);
        assertEquals("writeback.schedule", json.path("source").asText());
        assertEquals(id, json.path("jobId").asText());
        assertEquals(s.arn(), json.path("scheduleArn").asText());
        assertEquals("2025-03-01T10:00:00Z", json.path("scheduledTime").asText());
    }

    @Test
    void aRetryTargetsTheExecutorWithItsOwnEventIdAndAttempt() {
        String id = newJobId();
        scheduler.scheduleRetry(id, "evt-1-retry-2", 2, Instant.parse("2025-03-01T09:04:30.250Z"));
        String name = EventBridgeJobScheduler.retryName(id, "evt-1-retry-2");
        assertTrue(name.length() <= 64, name);

        GetScheduleResponse s = get(name).orElseThrow();
        assertEquals("at(2025-03-01T09:04:30)", s.scheduleExpression());
        assertEquals("UTC", s.scheduleExpressionTimezone());
        assertEquals(target(), s.target().arn());
        assertEquals(2, s.target().retryPolicy().maximumRetryAttempts());
        JsonNode json = read(SchedulerFiring.deliveredInput(s, Instant.parse("2025-03-01T09:04:30Z"), "x", 1));
        assertEquals(id, json.path("jobId").asText());
        assertEquals("evt-1-retry-2", json.path("scheduledEventId").asText());
        assertEquals(2, json.path("attempt").asInt());
        assertEquals("2025-03-01T09:04:30Z", json.path("scheduledTime").asText());
    }

    @Test
    void aDeadLetterQueueIsOnEveryTarget() {
        EventBridgeJobScheduler withQueue = new EventBridgeJobScheduler(AWS.scheduler(), GROUP, target(), role(), deadLetters());
        String id = newJobId();

        withQueue.schedule(job(id, new Schedule("rate(1 hour)", "UTC"), JobStatus.ACTIVE));
        withQueue.schedule(job(id, new Schedule("rate(2 hours)", "UTC"), JobStatus.PAUSED));
        withQueue.scheduleRetry(id, "evt-9-retry-1", 1, Instant.parse("2025-03-01T09:01:00Z"));

        assertEquals(deadLetters(), get("writeback-" + id).orElseThrow().target().deadLetterConfig().arn(), "kept by an update");
        assertEquals(deadLetters(), get(EventBridgeJobScheduler.retryName(id, "evt-9-retry-1")).orElseThrow()
                .target().deadLetterConfig().arn());
    }

    @Test
    void theFunctionsEnvironmentNamesTheDeadLetterQueue() {
        // a scheduler wired from the environment sends no moto account header: it works in moto's default account
        String dlq = "arn:aws:sqs:us-east-1:" + MotoExtension.DEFAULT_ACCOUNT + ":writeback-schedule-dlq";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("WRITEBACK_AWS_ENDPOINT", AWS.endpoint().toString());
        env.put("SCHEDULE_TARGET_ARN", target());
        env.put("SCHEDULE_ROLE_ARN", role());
        env.put("SCHEDULE_DEAD_LETTER_ARN", dlq);
        String id = newJobId();
        String savedKey = System.getProperty("aws.accessKeyId");
        String savedSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "moto");
        System.setProperty("aws.secretAccessKey", "moto");
        try (SchedulerClient defaultAccount = SchedulerClient.builder().endpointOverride(AWS.endpoint()).region(MotoExtension.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            EventBridgeJobScheduler.fromEnvironment(env).schedule(job(id, new Schedule("rate(1 day)", "UTC"), JobStatus.ACTIVE));

            GetScheduleResponse s = defaultAccount.getSchedule(b -> b.name("writeback-" + id).groupName("default"));
            assertEquals(dlq, s.target().deadLetterConfig().arn());
            defaultAccount.deleteSchedule(b -> b.name("writeback-" + id).groupName("default"));
        } finally {
            restore("aws.accessKeyId", savedKey);
            restore("aws.secretAccessKey", savedSecret);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
