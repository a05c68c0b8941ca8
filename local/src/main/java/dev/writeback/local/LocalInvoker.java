package dev.writeback.local;

import dev.writeback.core.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local equivalent of {@code sam local invoke -e}: serves the event through a Lambda Runtime
 * API on loopback to the real Java runtime interface client in a child JVM, which loads the
 * function's handler, and prints what the function answered.
 */
final class LocalInvoker {
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private LocalInvoker() {
    }

    static int invoke(List<String> positional, Map<String, String> opts, PrintStream out) throws IOException {
        if (positional.size() != 1 || !opts.containsKey("event")) {
            System.err.println("usage: invoke registration|oauth-callback|executor --event events/FILE.json [--home DIR]");
            return 2;
        }
        String handler = switch (positional.get(0)) {
            case "registration" -> LocalLambdaHandlers.Registration.class.getName() + "::handleRequest";
            case "executor" -> LocalLambdaHandlers.Executor.class.getName() + "::handleRequest";
            case "oauth-callback" -> LocalLambdaHandlers.OAuthCallback.class.getName() + "::handleRequest";
            default -> null;
        };
        if (handler == null) {
            System.err.println("Unknown function '" + positional.get(0) + "'; use registration, oauth-callback or executor.");
            return 2;
        }
        Path eventFile = Path.of(opts.get("event"));
        if (!Files.isRegularFile(eventFile)) {
            System.err.println("No event file " + eventFile + ".");
            return 2;
        }
        byte[] event = Files.readAllBytes(eventFile);
        Json.MAPPER.readTree(event);
        Result r = invoke(positional.get(0), handler, event, Path.of(opts.getOrDefault("home", ".writeback")));
        out.println(new String(r.body(), StandardCharsets.UTF_8));
        return r.error() ? 1 : 0;
    }

    /** What the function returned (or its error document) and whether it failed. */
    record Result(boolean error, byte[] body) {
    }

    static Result invoke(String function, String handler, byte[] event, Path home) throws IOException {
        return invoke(function, handler, event, Map.of("WRITEBACK_HOME", home.toAbsolutePath().toString()));
    }

    /** Invokes {@code handler} in a child JVM whose environment has {@code environment} added (as a function's would). */
    static Result invoke(String function, String handler, byte[] event, Map<String, String> environment) throws IOException {
        try (RuntimeApiServer runtime = new RuntimeApiServer(function, TIMEOUT)) {
            runtime.enqueue(event);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("--sun-misc-unsafe-memory-access=allow");
            command.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(RIC_MAIN);
            command.add(handler);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", function);
            pb.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            pb.environment().putAll(environment);
            Process child = pb.start();
            try {
                RuntimeApiServer.Outcome outcome = runtime.outcome().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return new Result(outcome.error(), outcome.body());
            } catch (ExecutionException | TimeoutException e) {
                return new Result(true, ("{\"errorMessage\":\"the function did not answer: " + e + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(true, "{\"errorMessage\":\"interrupted\"}".getBytes(StandardCharsets.UTF_8));
            } finally {
                child.destroy();
                try {
                    if (!child.waitFor(5, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
