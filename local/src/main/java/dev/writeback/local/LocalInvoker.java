package dev.writeback.local;

import dev.writeback.core.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local equivalent of {@code sam local invoke -e}: serves the event through a Lambda Runtime
 * API on loopback to the real Java runtime interface client in a child JVM, which loads the
 * function's handler, and prints what the function answered.
 */
final class LocalInvoker {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private LocalInvoker() {
    }

    static int invoke(List<String> positional, Map<String, String> opts, LocalPlatform.Settings settings, PrintStream out,
                      PrintStream err)
            throws IOException {
        if (positional.size() != 1 || !opts.containsKey("event")) {
            err.println("usage: invoke registration|oauth-callback|executor --event events/FILE.json [--home DIR]");
            return 2;
        }
        String handler = switch (positional.get(0)) {
            case "registration" -> LocalLambdaHandlers.Registration.class.getName() + "::handleRequest";
            case "executor" -> LocalLambdaHandlers.Executor.class.getName() + "::handleRequest";
            case "oauth-callback" -> LocalLambdaHandlers.OAuthCallback.class.getName() + "::handleRequest";
            default -> null;
        };
        if (handler == null) {
            err.println("Unknown function '" + positional.get(0) + "'; use registration, oauth-callback or executor.");
            return 2;
        }
        Path eventFile = Path.of(opts.get("event"));
        if (!Files.isRegularFile(eventFile)) {
            err.println("No event file " + eventFile + ".");
            return 2;
        }
        byte[] event = Files.readAllBytes(eventFile);
        Json.MAPPER.readTree(event);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("WRITEBACK_HOME", settings.home().toAbsolutePath().toString());
        environment.put(AllowedTargets.ENV, String.join(",", settings.allowedTargets()));
        environment.put(EventWebhooks.ENV, String.join(",", settings.eventWebhooks()));
        LambdaContainer.Result r = invoke(positional.get(0), handler, event, environment);
        out.println(new String(r.body(), StandardCharsets.UTF_8));
        return r.error() ? 1 : 0;
    }

    static LambdaContainer.Result invoke(String function, String handler, byte[] event, Path home) throws IOException {
        return invoke(function, handler, event, Map.of("WRITEBACK_HOME", home.toAbsolutePath().toString()));
    }

    /**
     * Invokes {@code handler} in a container of this process's classpath whose environment has {@code environment}
     * added (as a function's would).
     */
    static LambdaContainer.Result invoke(String function, String handler, byte[] event, Map<String, String> environment)
            throws IOException {
        List<String> flags = Runtime.version().feature() >= 24
                ? List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow") : List.of();
        Map<String, String> functionEnvironment = new LinkedHashMap<>(environment);
        functionEnvironment.putIfAbsent("JAVA_TOOL_OPTIONS", javaToolOptions(function));
        LambdaContainer.Spec spec = new LambdaContainer.Spec(function, handler,
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)), Path.of("").toAbsolutePath(), flags,
                functionEnvironment, true, 1024, TIMEOUT, ProcessBuilder.Redirect.INHERIT);
        try (LambdaContainer container = LambdaContainer.start(spec)) {
            return container.invoke(event);
        }
    }

    /**
     * The {@code JAVA_TOOL_OPTIONS} template.yaml gives {@code function}, as {@code sam local invoke} passes them: C1
     * only for the API functions, which answer short requests; the executor lets the JIT reach C2. The template's
     * polyglot resource cache under /tmp is left out: here the JVM's default cache serves. TemplateIT keeps them equal.
     */
    static String javaToolOptions(String function) {
        String polyglot = "-Dpolyglot.engine.WarnInterpreterOnly=false";
        return function.equals("executor") ? polyglot : "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 " + polyglot;
    }
}
