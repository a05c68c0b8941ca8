package dev.writeback.aws.scheduler;

import dev.writeback.core.job.Job;
import dev.writeback.core.job.JobScheduler;
import dev.writeback.core.job.JobStatus;
import dev.writeback.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * Job schedules as EventBridge Scheduler schedules named {@code writeback-<jobId>}, targeting the
 * executor with the input it expects (job id, the execution id as the event id, the scheduled
 * time). A paused job's schedule is kept but DISABLED.
 */
public final class EventBridgeJobScheduler implements JobScheduler {
    private final SchedulerClient scheduler;
    private final String group;
    private final String targetArn;
    private final String roleArn;

    public EventBridgeJobScheduler(SchedulerClient scheduler, String group, String targetArn, String roleArn) {
        this.scheduler = scheduler;
        this.group = group;
        this.targetArn = targetArn;
        this.roleArn = roleArn;
    }

    /** From a function's environment: SCHEDULE_GROUP, SCHEDULE_TARGET_ARN, SCHEDULE_ROLE_ARN, AWS_REGION. */
    public static EventBridgeJobScheduler fromEnvironment(java.util.Map<String, String> env) {
        var builder = SchedulerClient.builder()
                .region(software.amazon.awssdk.regions.Region.of(env.get("AWS_REGION")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
        String endpoint = env.get("WRITEBACK_AWS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(java.net.URI.create(endpoint));
        }
        return new EventBridgeJobScheduler(builder.build(), env.getOrDefault("SCHEDULE_GROUP", "default"),
                required(env, "SCHEDULE_TARGET_ARN"), required(env, "SCHEDULE_ROLE_ARN"));
    }

    private static String required(java.util.Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("The function's environment lacks " + name + " (set by template.yaml).");
        }
        return v;
    }

    public static String scheduleName(String jobId) {
        return "writeback-" + jobId;
    }

    /** The executor's input; the angle-bracket names are Scheduler's context attributes, filled at each firing. */
    static String input(String jobId) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("source", "writeback.schedule");
        input.put("jobId", jobId);
        input.put("scheduledEventId", "<aws.scheduler.execution-id>");
        input.put("scheduledTime", "<aws.scheduler.scheduled-time>");
        return Json.write(input);
    }

    @Override
    public void schedule(Job job) {
        if (job.schedule() == null) {
            unschedule(job.id());
            return;
        }
        Target target = Target.builder().arn(targetArn).roleArn(roleArn).input(input(job.id()))
                .retryPolicy(RetryPolicy.builder().maximumRetryAttempts(job.retry().maxRetries())
                        .maximumEventAgeInSeconds(3600).build())
                .build();
        ScheduleState state = job.status() == JobStatus.ACTIVE ? ScheduleState.ENABLED : ScheduleState.DISABLED;
        FlexibleTimeWindow window = FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build();
        String name = scheduleName(job.id());
        try {
            scheduler.updateSchedule(b -> b.name(name).groupName(group).scheduleExpression(job.schedule().expression())
                    .scheduleExpressionTimezone(job.schedule().timezone()).target(target).state(state)
                    .flexibleTimeWindow(window).actionAfterCompletion(ActionAfterCompletion.NONE)
                    .description(description(job)));
        } catch (ResourceNotFoundException absent) {
            try {
                scheduler.createSchedule(b -> b.name(name).groupName(group).scheduleExpression(job.schedule().expression())
                        .scheduleExpressionTimezone(job.schedule().timezone()).target(target).state(state)
                        .flexibleTimeWindow(window).actionAfterCompletion(ActionAfterCompletion.NONE)
                        .description(description(job)));
            } catch (ConflictException createdMeanwhile) {
                schedule(job);
            }
        }
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
