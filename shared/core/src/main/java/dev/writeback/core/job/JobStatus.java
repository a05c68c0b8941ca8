package dev.writeback.core.job;

/** Whether a job's schedule fires. Paused jobs can still be run by hand. */
public enum JobStatus {
    ACTIVE, PAUSED
}
