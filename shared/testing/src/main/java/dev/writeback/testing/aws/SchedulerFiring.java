package dev.writeback.testing.aws;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

/**
 * What EventBridge Scheduler delivers to a schedule's target when it fires: the target's input with
 * the context attributes filled in ({@code <aws.scheduler.schedule-arn>}, {@code <aws.scheduler.scheduled-time>},
 * {@code <aws.scheduler.execution-id>}, {@code <aws.scheduler.attempt-number>}). moto stores schedules
 * but never fires them; tests render the firing from what GetSchedule returns.
 */
public final class SchedulerFiring {
    private SchedulerFiring() {
    }

    /**
     * The input of one invocation attempt. Scheduler's own retries of a firing keep the schedule ARN
     * and scheduled time but get a new execution id and the next attempt number.
     */
    public static String deliveredInput(GetScheduleResponse schedule, Instant scheduledTime, String executionId, int attemptNumber) {
        if (!"ENABLED".equals(schedule.stateAsString())) {
            throw new IllegalStateException("Schedule " + schedule.name() + " is " + schedule.stateAsString() + ": it does not fire.");
        }
        String input = schedule.target().input();
        return (input == null ? "" : input)
                .replace("<aws.scheduler.schedule-arn>", schedule.arn())
                .replace("<aws.scheduler.scheduled-time>", scheduledTime.truncatedTo(ChronoUnit.SECONDS).toString())
                .replace("<aws.scheduler.execution-id>", executionId)
                .replace("<aws.scheduler.attempt-number>", Integer.toString(attemptNumber));
    }
}
