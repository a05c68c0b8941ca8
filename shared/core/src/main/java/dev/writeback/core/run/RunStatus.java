package dev.writeback.core.run;

/** A run's life: QUEUED → RUNNING → one of the final states. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELLED;
    }
}
