package dev.writeback.core.testrun;

/** Where a test run is: waiting, running, or ended (an auth script that refused the credentials ends FAILED). */
public enum TestRunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
