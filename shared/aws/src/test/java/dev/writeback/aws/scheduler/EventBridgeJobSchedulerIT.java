package dev.writeback.aws.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.RetryPolicy;
import dev.writeback.core.job.Schedule;
import dev.writeback.testing.aws.SchedulerStandin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/** Job schedules through the real SDK client against the wire-compatible Scheduler stand-in. */
class EventBridgeJobSchedulerIT {
    private static final String TARGET = "arn:aws:lambda:us-east-1:000000000000:function:writeback-executor";
    private static final String ROLE = "arn:aws:iam::000000000000:role/writeback-scheduler";
    private static final Instant T = Instant.parse("2025-03-01T09:00:00Z");

    private SchedulerStandin standin;
    private SchedulerClient client;
    private EventBridgeJobScheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        standin = new SchedulerStandin().start();
        client = SchedulerClient.builder().endpointOverride(standin.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        scheduler = new EventBridgeJobScheduler(client, "writeback", TARGET, ROLE);
    }

    @AfterEach
    void stop() {
        client.close();
        standin.close();
    }

    private static Job job(String id, Schedule schedule, RetryPolicy retry, JobStatus status) {
        return new Job(id, "acme", "bob", "con-1", 1, "acc-1", "Nightly", null, Map.of(), schedule, retry, status, T, T, 1);
    }

    private GetScheduleResponse get(String name) {
        return client.getSchedule(b -> b.name(name).groupName("writeback"));
    }

    @Test
    void anActiveJobGetsAnEnabledScheduleTargetingTheExecutor() {
        scheduler.schedule(job("job-1", new Schedule("cron(30 6 ? * MON-FRI *)", "Europe/Paris"), new RetryPolicy(2, 60),
                JobStatus.ACTIVE));

        GetScheduleResponse s = get("writeback-job-1");
        assertEquals("cron(30 6 ? * MON-FRI *)", s.scheduleExpression());
        assertEquals("Europe/Paris", s.scheduleExpressionTimezone());
        assertEquals("ENABLED", s.stateAsString());
        assertEquals("OFF", s.flexibleTimeWindow().modeAsString());
        assertEquals("NONE", s.actionAfterCompletionAsString());
        assertEquals("Writeback job job-1", s.description());
        assertEquals(TARGET, s.target().arn());
        assertEquals(ROLE, s.target().roleArn());
        assertEquals("{\"source\":\"writeback.schedule\",\"jobId\":\"job-1\",\"scheduledEventId\":\"<aws.scheduler.execution-id>\","
                + "\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}", s.target().input());
        assertEquals(2, s.target().retryPolicy().maximumRetryAttempts(), "invocation retries; failed runs retry through scheduleRetry");
        assertEquals(3600, s.target().retryPolicy().maximumEventAgeInSeconds());
        assertEquals("arn:aws:scheduler:us-east-1:000000000000:schedule/writeback/writeback-job-1", s.arn());
        // a new job: the update finds nothing, then the schedule is created
        assertEquals(List.of("PUT writeback/writeback-job-1", "POST writeback/writeback-job-1", "GET writeback/writeback-job-1"),
                standin.calls());
    }

    @Test
    void aFiringDeliversTheScheduleEventTheExecutorReads() throws Exception {
        scheduler.schedule(job("job-2", new Schedule("rate(1 hour)", "UTC"), RetryPolicy.NONE, JobStatus.ACTIVE));

        String event = standin.fire("writeback", "writeback-job-2", "7f1c-exec", Instant.parse("2025-03-01T10:00:00Z")).orElseThrow();

        JsonNode json = new ObjectMapper().readTree(event);
        assertEquals("writeback.schedule", json.path("source").asText());
        assertEquals("job-2", json.path("jobId").asText());
        assertEquals("7f1c-exec", json.path("scheduledEventId").asText());
        assertEquals("2025-03-01T10:00:00Z", json.path("scheduledTime").asText());
        assertEquals(2, get("writeback-job-2").target().retryPolicy().maximumRetryAttempts());
    }

    @Test
    void aRetryIsAOneTimeScheduleDeletedAfterItFiresThatDeliversTheAttempt() throws Exception {
        scheduler.scheduleRetry("job-4", "evt-1-retry-2", 2, Instant.parse("2025-03-01T09:04:30.250Z"));
        String name = EventBridgeJobScheduler.retryName("job-4", "evt-1-retry-2");
        assertTrue(name.length() <= 64, name);
        GetScheduleResponse s = get(name);
        assertEquals("at(2025-03-01T09:04:30)", s.scheduleExpression());
        assertEquals("UTC", s.scheduleExpressionTimezone());
        assertEquals(software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion.DELETE, s.actionAfterCompletion());
        assertEquals(TARGET, s.target().arn());

        JsonNode json = new ObjectMapper().readTree(standin.fire("writeback", name, "x", T).orElseThrow());
        assertEquals("job-4", json.path("jobId").asText());
        assertEquals("evt-1-retry-2", json.path("scheduledEventId").asText());
        assertEquals(2, json.path("attempt").asInt());

        scheduler.scheduleRetry("job-4", "evt-1-retry-2", 2, Instant.parse("2025-03-01T09:04:30Z"));
    }

    @Test
    void pausingDisablesTheScheduleAndChangingItReplacesItInPlace() {
        scheduler.schedule(job("job-3", new Schedule("rate(1 hour)", "UTC"), RetryPolicy.NONE, JobStatus.ACTIVE));

        scheduler.schedule(job("job-3", new Schedule("rate(1 hour)", "UTC"), RetryPolicy.NONE, JobStatus.PAUSED));
        assertEquals("DISABLED", get("writeback-job-3").stateAsString());
        assertEquals(Optional.empty(), standin.fire("writeback", "writeback-job-3", "e1", T), "a paused job does not fire");

        scheduler.schedule(job("job-3", new Schedule("cron(0 6 * * ? *)", "America/New_York"), new RetryPolicy(1, 0),
                JobStatus.ACTIVE));
        GetScheduleResponse s = get("writeback-job-3");
        assertEquals("cron(0 6 * * ? *)", s.scheduleExpression());
        assertEquals("America/New_York", s.scheduleExpressionTimezone());
        assertEquals("ENABLED", s.stateAsString());
        assertEquals("Writeback job job-3", s.description(), "an update keeps the description");
        assertEquals(EventBridgeJobScheduler.INVOCATION_RETRIES, s.target().retryPolicy().maximumRetryAttempts());
    }

    @Test
    void unschedulingDeletesTheScheduleAndAnAbsentOneIsNoError() {
        scheduler.schedule(job("job-4", new Schedule("rate(2 hours)", "UTC"), RetryPolicy.NONE, JobStatus.ACTIVE));

        scheduler.unschedule("job-4");
        scheduler.unschedule("job-4");

        assertTrue(standin.schedule("writeback", "writeback-job-4").isEmpty());
        ResourceNotFoundException gone = org.junit.jupiter.api.Assertions.assertThrows(ResourceNotFoundException.class,
                () -> get("writeback-job-4"));
        assertEquals("Schedule writeback-job-4 does not exist.", gone.awsErrorDetails().errorMessage());
    }

    @Test
    void aJobWithoutAScheduleHasNone() {
        scheduler.schedule(job("job-5", new Schedule("rate(1 day)", "UTC"), RetryPolicy.NONE, JobStatus.ACTIVE));

        scheduler.schedule(job("job-5", null, RetryPolicy.NONE, JobStatus.ACTIVE));

        assertTrue(standin.schedule("writeback", "writeback-job-5").isEmpty());
    }
}
