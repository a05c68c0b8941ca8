package dev.writeback.core.job;

/**
 * Where job schedules live: EventBridge Scheduler schedules targeting the executor in AWS, an
 * in-process scheduler in the embedded default. Both deliver the same schedule event.
 */
public interface JobScheduler {

    /** Creates or replaces the job's schedule; it fires only while the job is ACTIVE. */
    void schedule(Job job);

    /** Removes the job's schedule; removing an absent schedule is not an error. */
    void unschedule(String jobId);
}
