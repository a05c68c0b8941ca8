package dev.writeback.testing.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * moto, the AWS API emulator (Python), on a free loopback port, for Secrets Manager and EventBridge
 * Scheduler. One server serves the whole test JVM: the first test class that registers this extension
 * starts it, and it stops when the JVM's tests are done (or, if the JVM is killed, by a shutdown hook).
 * Each test class gets an AWS account of its own in it — moto keeps its state per account, named by the
 * {@code x-moto-account-id} header this extension's clients send — so classes never see each other's
 * secrets or schedules. Register it as a static field:
 * {@code @RegisterExtension static final MotoExtension AWS = new MotoExtension();}
 *
 * <p>A client that sends no such header (e.g. a function wired from its environment in a child JVM)
 * lands in moto's {@linkplain #DEFAULT_ACCOUNT default account}, which no test class is given.
 * The Python interpreter is {@code python3}, or the system property {@value #PYTHON_PROPERTY}.
 */
public final class MotoExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String PYTHON_PROPERTY = "writeback.python";
    public static final String INSTALL = "pip install 'moto[server]==5.2.*'";
    public static final Region REGION = Region.US_EAST_1;
    /** The account of requests without an account header. */
    public static final String DEFAULT_ACCOUNT = "123456789012";
    static final String ACCOUNT_HEADER = "x-moto-account-id";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);
    private static final AtomicLong ACCOUNTS = new AtomicLong(100_000_000_000L);

    private int depth;
    private ServerProcess server;
    private String accountId;
    private SecretsManagerClient secretsManager;
    private SchedulerClient scheduler;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return; // a @Nested class: it shares its outer class's account
        }
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(ServerProcess.class,
                k -> Server.start(python(), Server.START_TIMEOUT), ServerProcess.class);
        accountId = Long.toString(ACCOUNTS.incrementAndGet());
        secretsManager = newSecretsManagerClient();
        scheduler = newSchedulerClient();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth > 0) {
            return;
        }
        if (secretsManager != null) {
            secretsManager.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** The moto server's address (shared by every test class of this JVM). */
    public URI endpoint() {
        return server.endpoint();
    }

    /** This test class's 12-digit AWS account id: it appears in the ARNs moto makes for its clients. */
    public String accountId() {
        return accountId;
    }

    /** A ready Secrets Manager client in this class's account, closed after the test class. */
    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    /** A ready EventBridge Scheduler client in this class's account, closed after the test class. */
    public SchedulerClient scheduler() {
        return scheduler;
    }

    /** A new Secrets Manager client in this class's account; the caller closes it. */
    public SecretsManagerClient newSecretsManagerClient() {
        return configure(SecretsManagerClient.builder()).build();
    }

    /** A new EventBridge Scheduler client in this class's account; the caller closes it. */
    public SchedulerClient newSchedulerClient() {
        return configure(SchedulerClient.builder()).build();
    }

    /** Points any SDK client builder at moto, in this class's account. */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder) {
        if (accountId == null) {
            throw new IllegalStateException("MotoExtension is not started: register it with @RegisterExtension on a static field.");
        }
        builder.endpointOverride(server.endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto")))
                .overrideConfiguration(c -> c.putHeader(ACCOUNT_HEADER, accountId));
        builder.httpClient(UrlConnectionHttpClient.create());
        return builder;
    }

    static String python() {
        String configured = System.getProperty(PYTHON_PROPERTY);
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    /** Fails with the install command unless {@code python -c 'import moto'} works (moto's server included). */
    static void requireMoto(String python) {
        Process check;
        try {
            check = new ProcessBuilder(python, "-c", "import moto, moto.server").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("moto is missing: " + INSTALL + " (cannot run " + python + ": " + e.getMessage() + ")", e);
        }
        try {
            check.getOutputStream().close();
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                throw new IllegalStateException("moto is missing: " + INSTALL + " (" + python + " -c 'import moto' did not finish within 60 s)");
            }
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (check.exitValue() != 0) {
                String last = output.lines().reduce((a, b) -> b).orElse("exit code " + check.exitValue());
                throw new IllegalStateException("moto is missing: " + INSTALL + " (" + python + " -c 'import moto' said: " + last + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto is missing: " + INSTALL + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking for moto", e);
        }
    }

    /** Starts the JVM's one moto process; JUnit closes it with the root context's store. */
    static final class Server {
        /** How long moto may take to listen before it counts as hung (it usually takes under a second). */
        static final Duration START_TIMEOUT = Duration.ofSeconds(30);

        private Server() {
        }

        /**
         * Starts moto on a free port. A process that exits before it listens most likely lost its port
         * to another process: it is tried again on a new port. One that is alive but not listening
         * within {@code timeout} is stopped and reported at once.
         */
        static ServerProcess start(String python, Duration timeout) {
            requireMoto(python);
            return ServerProcess.start("moto", port -> {
                ProcessBuilder builder = new ProcessBuilder(List.of(python, "-m", "moto.server", "-H", Loopback.HOST, "-p",
                        Integer.toString(port)));
                builder.environment().put("PYTHONUNBUFFERED", "1");
                builder.environment().remove("MOTO_ACCOUNT_ID"); // it would put every class in one account
                return builder;
            }, timeout, "Cannot start moto");
        }
    }
}
