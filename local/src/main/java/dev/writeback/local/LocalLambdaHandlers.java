package dev.writeback.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Handlers the Lambda runtime interface client loads in a child JVM for {@code writeback invoke}:
 * each starts the embedded default over the home folder given in {@code WRITEBACK_HOME} (with the targets
 * {@code WRITEBACK_ALLOW_TARGETS} allows) and hands
 * the event to the real function handler.
 */
public final class LocalLambdaHandlers {
    private LocalLambdaHandlers() {
    }

    static LocalPlatform platform() throws IOException {
        String home = System.getenv().getOrDefault("WRITEBACK_HOME", ".writeback");
        String datasets = System.getenv().getOrDefault("WRITEBACK_DATASETS", "samples/datasets");
        return LocalPlatform.start(new LocalPlatform.Settings(Path.of(home), Path.of(datasets), 0, 0, 0,
                AllowedTargets.of(List.of(), System.getenv(AllowedTargets.ENV)),
                EventWebhooks.of(List.of(), System.getenv(EventWebhooks.ENV))));
    }

    private abstract static class Delegating implements RequestStreamHandler {
        private final String function;

        Delegating(String function) {
            this.function = function;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            try (LocalPlatform platform = platform()) {
                LocalFunction f = platform.functions().stream().filter(x -> x.name().equals(function)).findFirst()
                        .orElseThrow();
                output.write(f.invoker().invoke(input.readAllBytes()));
            }
        }
    }

    /** The registration function. */
    public static final class Registration extends Delegating {
        public Registration() {
            super("registration");
        }
    }

    /** The OAuth authorize-and-callback function. */
    public static final class OAuthCallback extends Delegating {
        public OAuthCallback() {
            super("oauth-callback");
        }
    }

    /** The executor function. */
    public static final class Executor extends Delegating {
        public Executor() {
            super("executor");
        }
    }
}
