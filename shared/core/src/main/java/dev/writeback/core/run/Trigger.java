package dev.writeback.core.run;

/** What started a run. */
public enum Trigger {
    /** {@code POST /jobs/{id}/runs}. */
    HTTP,
    /** A schedule event (EventBridge Scheduler, or the embedded default's scheduler). */
    SCHEDULE
}
