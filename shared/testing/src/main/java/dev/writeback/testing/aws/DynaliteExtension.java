package dev.writeback.testing.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An in-memory DynamoDB (dynalite, from npm) as a child process on a free loopback port, started
 * once per test class. Register it as a static field:
 * {@code @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();}
 *
 * <p>dynalite lives in {@code shared/testing/node/node_modules}, found through the system property
 * {@value #NODE_MODULES_PROPERTY} or by walking up from the working directory.
 */
public final class DynaliteExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String NODE_MODULES_PROPERTY = "writeback.nodeModules";
    public static final Region REGION = Region.US_EAST_1;
    private static final int ATTEMPTS = 3;

    private Process process;
    private Thread reaper;
    private Path log;
    private URI endpoint;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path cli = nodeModules().resolve("dynalite").resolve("cli.js");
        log = Files.createTempFile("dynalite", ".log");
        for (int attempt = 1; process == null; attempt++) {
            int port = Loopback.freePort();
            Process started = start(cli, port);
            if (awaitListening(started, port)) {
                process = started;
                endpoint = URI.create("http://" + Loopback.HOST + ":" + port);
            } else if (attempt == ATTEMPTS) {
                started.destroyForcibly();
                throw new IllegalStateException("dynalite did not start on " + Loopback.HOST + ": " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        }
        // A JVM killed mid-run must not leave node behind.
        Process running = process;
        reaper = new Thread(running::destroyForcibly, "dynalite-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        client = newClient();
    }

    private Process start(Path cli, int port) {
        try {
            return new ProcessBuilder(List.of("node", cli.toString(), "--host", Loopback.HOST, "--port", Integer.toString(port),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run `node` (Node.js 20 or newer must be on the PATH to start dynalite): " + e.getMessage(), e);
        }
    }

    private static boolean awaitListening(Process started, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                return false; // most likely the port was taken meanwhile
            }
            if (Loopback.accepts(port)) {
                return true;
            }
            Thread.sleep(20);
        }
        started.destroyForcibly();
        return false;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (client != null) {
            client.close();
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    /** The npm install that holds dynalite (and the other test servers). */
    public static Path nodeModules() {
        String configured = System.getProperty(NODE_MODULES_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            requireDynalite(path);
            return path;
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/testing/node/node_modules");
            if (Files.isDirectory(candidate.resolve("dynalite"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("dynalite is not installed: run `npm ci` in shared/testing/node first.");
    }

    private static void requireDynalite(Path nodeModules) {
        if (!Files.isDirectory(nodeModules.resolve("dynalite"))) {
            throw new IllegalStateException("dynalite is not installed in " + nodeModules + ": run `npm ci` in shared/testing/node first.");
        }
    }

    /** A new client for this server; the caller closes it. */
    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A ready client, closed after the test class. */
    public DynamoDbClient client() {
        return client;
    }
}
