package dev.writeback.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The functions' log, through Powertools for AWS Lambda: one JSON object per line on stdout, each
 * carrying the invocation's request id, function and cold-start flag (and, during a run, the run's
 * ids: {@link RunTelemetry}). Lines written through java.util.logging land in the same log.
 */
public final class FunctionLogging {
    static {
        // the shared libraries log through java.util.logging; without the bridge those lines would be plain text
        if (!(java.util.logging.LogManager.getLogManager() instanceof org.apache.logging.log4j.jul.LogManager)) {
            Log4jBridgeHandler.install(true, null, true);
        }
    }

    private FunctionLogging() {
    }

    /** What an invocation's log keys are removed with, at its end. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Puts the invocation's keys on every line until the scope closes; without a context (tests) it adds none. */
    public static Scope invocation(Context context) {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        return () -> PowertoolsLogging.clearState(true);
    }
}
