package dev.writeback.testing.aws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An in-memory DynamoDB (dynalite, from npm) as a child process on a free loopback port. One server
 * serves the whole test JVM: the first test class that registers this extension starts it, and it
 * stops when the JVM's tests are done. Each test class gets table names of its own
 * ({@link #tableName()}, {@link #tableName(String)}); its tables are deleted after the class, so
 * classes never see each other's items. Register it as a static field:
 * {@code @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();}
 *
 * <p>dynalite lives in {@code shared/testing/node/node_modules}, found through the system property
 * {@value #NODE_MODULES_PROPERTY} or by walking up from the working directory.
 */
public final class DynaliteExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String NODE_MODULES_PROPERTY = "writeback.nodeModules";
    public static final Region REGION = Region.US_EAST_1;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynaliteExtension.class);
    private static final AtomicInteger CLASSES = new AtomicInteger();

    private int depth;
    private ServerProcess server;
    private String prefix;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return; // a @Nested class: it shares its outer class's tables
        }
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(ServerProcess.class, k -> start(), ServerProcess.class);
        prefix = "c" + CLASSES.incrementAndGet() + "-";
        client = newClient();
    }

    private static ServerProcess start() {
        Path cli = nodeModules().resolve("dynalite").resolve("cli.js");
        return ServerProcess.start("dynalite", port -> new ProcessBuilder(List.of("node", cli.toString(),
                        "--host", Loopback.HOST, "--port", Integer.toString(port),
                        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")),
                Duration.ofSeconds(20), "Cannot run `node` (Node.js 20 or newer must be on the PATH to start dynalite)");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth > 0 || client == null) {
            return;
        }
        try {
            // what this class made goes, so the JVM's one server stays small
            client.listTablesPaginator(b -> { }).tableNames().stream().filter(t -> t.startsWith(prefix)).toList()
                    .forEach(t -> client.deleteTable(b -> b.tableName(t)));
        } finally {
            client.close();
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
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The server's address (shared by every test class of this JVM). */
    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("DynaliteExtension is not started: register it with @RegisterExtension on a static field.");
        }
        return server.endpoint();
    }

    /** A ready client, closed after the test class. */
    public DynamoDbClient client() {
        return client;
    }

    /** This test class's table name (not created: the test creates the table it needs under it). */
    public String tableName() {
        return tableName("writeback");
    }

    /** A table name of this test class's own, for tests that need more than one table. */
    public String tableName(String name) {
        if (prefix == null) {
            throw new IllegalStateException("DynaliteExtension is not started: register it with @RegisterExtension on a static field.");
        }
        return prefix + name;
    }
}
