package dev.writeback.core.changes;

/** Which rows of a job's change query its runs send. */
public enum WriteMode {
    /** Every row, every run (the default). */
    ALL,
    /** Rows added or changed since the last successful run, by the job's key columns; removed keys as a third set. */
    CHANGES,
    /** Rows whose watermark column is greater than the greatest value the last successful run saw. */
    APPEND
}
