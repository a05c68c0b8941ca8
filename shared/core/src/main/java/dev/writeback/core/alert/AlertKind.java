package dev.writeback.core.alert;

/** When a job's alert rule opens an incident. Each incident is told once when it opens and once when it recovers. */
public enum AlertKind {
    /** A run FAILED or TIMED_OUT; recovers on the next SUCCEEDED run. */
    RUN_FAILED,
    /** {@code failures} runs in a row FAILED or TIMED_OUT; recovers on the next SUCCEEDED run. */
    CONSECUTIVE_FAILURES,
    /** A SUCCEEDED run wrote no rows; recovers on the next SUCCEEDED run that wrote some. */
    ZERO_ROWS,
    /**
     * A SUCCEEDED run's rows written differ by more than {@code percent} % from the median of the job's last
     * {@value AlertRules#DEVIATION_HISTORY} successful runs before it; recovers on the next SUCCEEDED run within it.
     */
    ROWS_DEVIATION
}
