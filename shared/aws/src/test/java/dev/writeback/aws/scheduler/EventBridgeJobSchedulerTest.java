package dev.writeback.aws.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobRetryPolicy;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.Schedule;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/** What no emulator does: Scheduler refusing a schedule the job service accepted. */
class EventBridgeJobSchedulerTest {
    private static final Instant T = Instant.parse("2025-03-01T09:00:00Z");

    /** A Scheduler that refuses every update as AWS refuses an expression it does not take. */
    private static final class RefusingScheduler implements SchedulerClient {
        @Override
        public UpdateScheduleResponse updateSchedule(UpdateScheduleRequest request) {
            throw (ValidationException) ValidationException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException")
                            .errorMessage("Invalid Schedule Expression " + request.scheduleExpression() + ".").build())
                    .build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aScheduleSchedulerRefusesIsInvalidInputWithSchedulersReason() {
        EventBridgeJobScheduler scheduler = new EventBridgeJobScheduler(new RefusingScheduler(), "default",
                "arn:aws:lambda:us-east-1:123456789012:function:executor", "arn:aws:iam::123456789012:role/scheduler");
        Job job = new Job("job-1", "acme", "bob", "con-1", 1, "acc-1", "Nightly", null, Map.of(),
                new Schedule("cron(0 6 L * ? 2199)", "UTC"), JobRetryPolicy.NONE, JobStatus.ACTIVE, T, T, 1);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> scheduler.schedule(job));

        assertEquals("EventBridge Scheduler refused the schedule 'cron(0 6 L * ? 2199)': Invalid Schedule Expression cron(0 6 L * ? 2199).",
                e.getMessage());
    }
}
