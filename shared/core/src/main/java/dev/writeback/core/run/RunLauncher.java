package dev.writeback.core.run;

/**
 * Starts the execution of a claimed (QUEUED) run somewhere it may take as long as it needs: the
 * executor invoking itself asynchronously in AWS (an HTTP API request must answer within 30 s),
 * a worker thread in the embedded default. Whatever executes it calls {@link RunService#execute}.
 */
public interface RunLauncher {

    /** Hands the run over for execution; throws if it could not be handed over. */
    void launch(Run run);
}
