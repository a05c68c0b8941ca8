package dev.writeback.core.testrun;

/**
 * Starts a queued test run somewhere it may take its whole deadline: the executor invoking itself asynchronously in
 * AWS (an HTTP API request must answer within 30 s), a worker thread in the embedded default. Whatever executes it
 * calls {@link TestRunService#execute}.
 */
public interface TestRunLauncher {

    /** Hands the test run over; throws if it could not be handed over. */
    void launch(TestRun testRun);
}
