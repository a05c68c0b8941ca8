package dev.writeback.aws.scheduler;

import dev.writeback.core.Sha256;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.job.RetryScheduler;
import dev.writeback.core.job.Schedule;
import dev.writeback.core.job.ScheduleExpression;
import dev.writeback.core.json.Json;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.DeadLetterConfig;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * Job schedules as EventBridge Scheduler schedules named {@code writeback-<jobId>}, targeting the
 * executor with the input it expects (job id, the schedule's ARN and the firing's scheduled time, from
 * which the executor makes the run's event id). A paused job's schedule is kept but DISABLED. With a
 * dead-letter queue, every target (recurring and retry schedules) sends there what Scheduler could not
 * deliver after its own retries.
 */
public final class EventBridgeJobScheduler implements JobScheduler, RetryScheduler {
    /** Scheduler's own retries of an invocation that failed to reach the executor. */
    static final int INVOCATION_RETRIES = 2;

    private final SchedulerClient scheduler;
    private final String group;
    private final String targetArn;
    private final String roleArn;
    private final String deadLetterArn;

    public EventBridgeJobScheduler(SchedulerClient scheduler, String group, String targetArn, String roleArn) {
        this(scheduler, group, targetArn, roleArn, null);
    }

    /** @param deadLetterArn the SQS queue for undeliverable invocations, or null for none */
    public EventBridgeJobScheduler(SchedulerClient scheduler, String group, String targetArn, String roleArn, String deadLetterArn) {
        this.scheduler = scheduler;
        this.group = group;
        this.targetArn = targetArn;
        this.roleArn = roleArn;
        this.deadLetterArn = deadLetterArn == null || deadLetterArn.isBlank() ? null : deadLetterArn;
    }

    /**
     * From a function's environment: SCHEDULE_GROUP, SCHEDULE_TARGET_ARN, SCHEDULE_ROLE_ARN, AWS_REGION,
     * and optionally SCHEDULE_DEAD_LETTER_ARN.
     */
    public static EventBridgeJobScheduler fromEnvironment(Map<String, String> env) {
        var builder = SchedulerClient.builder()
                .region(Region.of(env.get("AWS_REGION")))
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = env.get("WRITEBACK_AWS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return new EventBridgeJobScheduler(builder.build(), env.getOrDefault("SCHEDULE_GROUP", "default"),
                required(env, "SCHEDULE_TARGET_ARN"), required(env, "SCHEDULE_ROLE_ARN"), env.get("SCHEDULE_DEAD_LETTER_ARN"));
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("The function's environment lacks " + name + " (set by template.yaml).");
        }
        return v;
    }

    public static String scheduleName(String jobId) {
        return "writeback-" + jobId;
    }

    /**
     * The executor's input; the angle-bracket names are Scheduler's context attributes, filled at each
     * firing. Schedule ARN and scheduled time are the same for every attempt at delivering one firing
     * (the execution id is not), so the executor makes the run's event id from them: Scheduler's own
     * retries of a firing find the run the first attempt started.
     */
    static String input(String jobId) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("source", "writeback.schedule");
        input.put("jobId", jobId);
        input.put("scheduleArn", "<aws.scheduler.schedule-arn>");
        input.put("scheduledTime", "<aws.scheduler.scheduled-time>");
        return Json.write(input);
    }

    /**
     * Creates or replaces the job's schedule. The expression is checked as the job service checks it
     * before Scheduler sees it; what Scheduler refuses all the same is an {@link InvalidInputException} too.
     */
    @Override
    public void schedule(Job job) {
        if (job.schedule() == null) {
            unschedule(job.id());
            return;
        }
        Schedule schedule = ScheduleExpression.validate(job.schedule());
        Target target = target(input(job.id()));
        ScheduleState state = job.status() == JobStatus.ACTIVE ? ScheduleState.ENABLED : ScheduleState.DISABLED;
        FlexibleTimeWindow window = FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build();
        String name = scheduleName(job.id());
        try {
            upsert(job, schedule, name, target, state, window);
        } catch (ValidationException refused) {
            throw new InvalidInputException("EventBridge Scheduler refused the schedule '" + schedule.expression()
                    + "': " + refused.awsErrorDetails().errorMessage());
        }
    }

    private void upsert(Job job, Schedule schedule, String name, Target target, ScheduleState state, FlexibleTimeWindow window) {
        try {
            scheduler.updateSchedule(b -> b.name(name).groupName(group).scheduleExpression(schedule.expression())
                    .scheduleExpressionTimezone(schedule.timezone()).target(target).state(state)
                    .flexibleTimeWindow(window).actionAfterCompletion(ActionAfterCompletion.NONE)
                    .description(description(job)));
        } catch (ResourceNotFoundException absent) {
            try {
                scheduler.createSchedule(b -> b.name(name).groupName(group).scheduleExpression(schedule.expression())
                        .scheduleExpressionTimezone(schedule.timezone()).target(target).state(state)
                        .flexibleTimeWindow(window).actionAfterCompletion(ActionAfterCompletion.NONE)
                        .description(description(job)));
            } catch (ConflictException createdMeanwhile) {
                upsert(job, schedule, name, target, state, window);
            }
        }
    }

    /**
     * Where a firing goes. Scheduler retries only a failed invocation (e.g. throttling); a run that
     * fails is retried by the run pipeline through {@link #scheduleRetry}, as the job's policy says.
     */
    private Target target(String input) {
        Target.Builder target = Target.builder().arn(targetArn).roleArn(roleArn).input(input)
                .retryPolicy(RetryPolicy.builder().maximumRetryAttempts(INVOCATION_RETRIES).maximumEventAgeInSeconds(3600).build());
        if (deadLetterArn != null) {
            target.deadLetterConfig(DeadLetterConfig.builder().arn(deadLetterArn).build());
        }
        return target.build();
    }

    /** A one-time schedule, deleted after it fires, that delivers the retry's event with its attempt number. */
    @Override
    public void scheduleRetry(String jobId, String eventId, int attempt, Instant at) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("source", "writeback.schedule");
        input.put("jobId", jobId);
        input.put("scheduledEventId", eventId);
        input.put("attempt", attempt);
        input.put("scheduledTime", "<aws.scheduler.scheduled-time>");
        String when = LocalDateTime.ofInstant(at, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS).toString();
        String name = retryName(jobId, eventId);
        try {
            scheduler.createSchedule(b -> b.name(name).groupName(group).scheduleExpression("at(" + when + ")")
                    .scheduleExpressionTimezone("UTC").target(target(Json.write(input))).state(ScheduleState.ENABLED)
                    .flexibleTimeWindow(FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build())
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .description("Writeback job " + jobId + ", retry " + attempt));
        } catch (ConflictException alreadyScheduled) {
            // the same retry was scheduled by an earlier delivery of the failed run's event
        }
    }

    /** Schedule names are at most 64 characters: the job id and a digest of the retry's event id. */
    static String retryName(String jobId, String eventId) {
        return "writeback-" + jobId + "-r-" + Sha256.hex(eventId, 6);
    }

    /** UpdateSchedule replaces every member, so both calls set the description. */
    private static String description(Job job) {
        return "Writeback job " + job.id();
    }

    @Override
    public void unschedule(String jobId) {
        try {
            scheduler.deleteSchedule(b -> b.name(scheduleName(jobId)).groupName(group));
        } catch (ResourceNotFoundException alreadyGone) {
            // deleting an absent schedule is not an error (JobScheduler contract)
        }
    }
}
