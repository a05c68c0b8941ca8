package dev.writeback.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function container as Lambda runs it: a child JVM whose main class is the real AWS Lambda
 * Java runtime interface client, started in the function's task directory (the client loads the
 * handler from that directory's classes and {@code lib/*.jar}, as from {@code /var/task}), with the
 * function's environment, and fed invocations through a {@link RuntimeApiServer} on loopback. The
 * container stays warm between invocations, as a Lambda execution environment does.
 */
final class LambdaContainer implements AutoCloseable {
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final RuntimeApiServer runtime;
    private final Process process;
    private final Duration timeout;

    /** What the function returned (or its error document) and whether it failed. */
    record Result(boolean error, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * How to start the container.
     *
     * @param classpath        the runtime's own classpath (the runtime interface client), not the function's
     * @param taskDirectory    the working directory, where the runtime interface client looks for the function
     * @param jvmFlags         flags on the java command line (Lambda's own; the template's go in JAVA_TOOL_OPTIONS)
     * @param environment      the function's environment
     * @param inheritEnvironment whether this process's environment is passed on too (Lambda's holds only its own)
     * @param output           where the container's stdout and stderr go
     */
    record Spec(String functionName, String handler, List<String> classpath, Path taskDirectory, List<String> jvmFlags,
                Map<String, String> environment, boolean inheritEnvironment, int memoryMb, Duration timeout,
                ProcessBuilder.Redirect output) {
    }

    private LambdaContainer(RuntimeApiServer runtime, Process process, Duration timeout) {
        this.runtime = runtime;
        this.process = process;
        this.timeout = timeout;
    }

    static LambdaContainer start(Spec spec) throws IOException {
        RuntimeApiServer runtime = new RuntimeApiServer(spec.functionName(), spec.timeout());
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(spec.jvmFlags());
            command.add("-cp");
            command.add(String.join(File.pathSeparator, spec.classpath()));
            command.add(RIC_MAIN);
            command.add(spec.handler());
            ProcessBuilder pb = new ProcessBuilder(command).directory(spec.taskDirectory().toFile())
                    .redirectErrorStream(true).redirectOutput(spec.output());
            if (!spec.inheritEnvironment()) {
                pb.environment().clear();
                pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
                pb.environment().put("LANG", "en_US.UTF-8");
                pb.environment().put("TZ", ":UTC");
            }
            pb.environment().put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
            pb.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(spec.memoryMb()));
            pb.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            pb.environment().put("LAMBDA_TASK_ROOT", spec.taskDirectory().toAbsolutePath().toString());
            pb.environment().putAll(spec.environment());
            return new LambdaContainer(runtime, pb.start(), spec.timeout());
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Invokes the function with {@code event} and waits for its answer (at most the function's timeout). */
    Result invoke(byte[] event) {
        try {
            RuntimeApiServer.Outcome outcome = runtime.submit(event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(outcome.error(), outcome.body());
        } catch (ExecutionException | TimeoutException e) {
            String state = process.isAlive() ? "still running" : "exited with " + process.exitValue();
            return new Result(true, ("{\"errorMessage\":\"the function did not answer within " + timeout.toSeconds()
                    + " s (its JVM " + state + ")\"}").getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(true, "{\"errorMessage\":\"interrupted\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            runtime.close();
        }
    }
}
