package dev.writeback.local;

import dev.writeback.api.CallerResolver;
import dev.writeback.aws.s3.S3ScriptObjectStore;
import dev.writeback.core.IdGenerator;
import dev.writeback.core.Services;
import dev.writeback.core.account.RefreshingRunCredentials;
import dev.writeback.core.data.DomoApi;
import dev.writeback.core.json.Json;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.run.RunEventPublisher;
import dev.writeback.core.run.RunService;
import dev.writeback.domo.DomoDatasetAccess;
import dev.writeback.domo.DomoTokenVerifier;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.domo.standin.DomoStandin;
import dev.writeback.executor.ExecutorHandler;
import dev.writeback.executor.ExecutorWiring;
import dev.writeback.local.events.FileOutbox;
import dev.writeback.local.events.LocalRunEvents;
import dev.writeback.local.filedrop.FileDropServer;
import dev.writeback.local.store.FileBlobStore;
import dev.writeback.local.store.FileDocumentTable;
import dev.writeback.local.store.FileSecretVault;
import dev.writeback.local.store.OwnerOnly;
import dev.writeback.net.Webhooks;
import dev.writeback.oauth.HttpOAuthClient;
import dev.writeback.oauthcallback.CallbackUrl;
import dev.writeback.oauthcallback.OAuthApi;
import dev.writeback.oauthcallback.OAuthCallbackHandler;
import dev.writeback.oauthcallback.OAuthWiring;
import dev.writeback.registration.RegistrationHandler;
import dev.writeback.registration.RegistrationWiring;
import dev.writeback.registration.StudioSignIn;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.HttpPolicy;
import dev.writeback.script.ScriptLimits;
import dev.writeback.script.ScriptPriming;
import dev.writeback.sql.CalciteDataPlaneFactory;
import dev.writeback.sql.scratch.H2ScratchDatabases;
import dev.writeback.writers.EncodedWritePreviews;
import dev.writeback.writers.StreamingOutputWriters;
import dev.writeback.writers.WritersSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: the three functions' real handlers wired over file-backed stores in a
 * home folder, a Domo Platform API stand-in serving the sample DataSets, a local third-party
 * store (File Drop), and an in-process scheduler. No AWS account, no Docker.
 *
 * <p>As the stack's sweep schedule does in AWS, a timer sends the executor the sweep event once at start
 * (so a restart on the same home ends at once the runs a stopped process left behind, once their leases
 * have passed) and then every {@value #SWEEP_SECONDS} s. System properties {@code writeback.runLeaseSeconds}
 * (default 60) and {@code writeback.sweepSeconds} (0 turns the timer off) change both, for tests; the system
 * property {@code writeback.scriptS3Endpoint} sends the scripts' {@code aws} global to an S3-compatible store
 * (e.g. on loopback) instead of AWS.
 *
 * <p>Longer than most classes: it is the embedded default's one wiring place (every port, server and setting the
 * three functions get in AWS from their environment), kept together so the local and the AWS wiring can be read side
 * by side.
 */
public final class LocalPlatform implements AutoCloseable {
    /** How often the sweep runs here by default. */
    public static final int SWEEP_SECONDS = 5;
    private final Path home;
    private final DomoStandin domo;
    private final FileDropServer fileDrop;
    private final GraalScriptRunner scripts;
    private final S3ScriptObjectStore scriptObjects;
    private final StreamingOutputWriters writers;
    private final InProcessScheduler scheduler;
    private final LocalApiServer api;
    private final Webhooks webhooks;
    /** Where runs and test runs started over HTTP execute, as the executor's asynchronous self-invocation does in AWS. */
    private final ExecutorService runWorkers = Executors.newFixedThreadPool(2,
            r -> {
                Thread t = new Thread(r, "writeback-run");
                t.setDaemon(true);
                return t;
            });
    /** Sends the executor the sweep event (AWS: the stack's sweep schedule). */
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "writeback-run-sweep");
        t.setDaemon(true);
        return t;
    });
    private ExecutorHandler executorHandler;
    /** Warms Calcite and the scripts' engine as the platform starts; closing waits for it (its script uses the engine). */
    private final Thread warmUp;
    private final Services services;
    private final List<LocalFunction> functions;
    private final String domoClientId;
    private final String domoClientSecret;
    private final String fileDropKey;

    private LocalPlatform(Settings settings, JwtCallers jwtCallers) throws IOException {
        this.home = settings.home().toAbsolutePath();
        OwnerOnly.folder(home);
        Clock clock = Clock.systemUTC();
        Map<String, String> secrets = localSecrets(home);
        domoClientId = secrets.get("domoClientId");
        domoClientSecret = secrets.get("domoClientSecret");
        fileDropKey = secrets.get("fileDropApiKey");
        domo = DomoStandin.builder().port(settings.domoPort()).client(domoClientId, domoClientSecret, "data", "user")
                .datasetsFrom(settings.datasets()).queryHook(new StandinQueries()).start();
        try {
            fileDrop = startFileDrop(home, secrets, settings.fileDropPort());
        } catch (IOException | RuntimeException e) {
            domo.close();
            throw e;
        }
        api = LocalApiServer.bind("127.0.0.1", settings.apiPort());
        // one guard for scripts, writers and OAuth: public internet, this machine's File Drop store, the author's targets
        Set<String> targets = new HashSet<>(settings.allowedTargets());
        targets.addAll(Set.of("127.0.0.1:" + fileDrop.port(), "localhost:" + fileDrop.port()));
        AddressGuard guard = AddressGuard.publicInternetOnly().allowing(targets);
        HttpOAuthClient oauthClient = HttpOAuthClient.create(clock, guard);
        webhooks = Webhooks.create(guard);
        scriptObjects = scriptObjectStore(guard);
        scripts = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults().withGuard(guard), scriptObjects);
        // logging is set up before the warm-up thread logs, or SLF4J warns that it replayed calls made meanwhile
        LoggerFactory.getILoggerFactory();
        // Calcite's first query and the scripts' first context cost seconds on a fresh JVM: pay them beside the start
        warmUp = new Thread(() -> {
            try {
                CalciteDataPlaneFactory.warmUp();
                ScriptPriming.prime(scripts);
            } catch (RuntimeException e) {
                Logger.getLogger(LocalPlatform.class.getName()).log(Level.WARNING, "The warm-up failed; first runs will be slower", e);
            }
        }, "calcite-and-scripts-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        scheduler = new InProcessScheduler(clock);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"));
        writers = new StreamingOutputWriters(blobs, WritersSettings.defaults().withGuard(guard));
        Duration lease = Duration.ofSeconds(Long.getLong("writeback.runLeaseSeconds", RunService.LEASE.toSeconds()));
        services = Services.builder()
                .runLease(lease)
                .cancelPollInterval(min(RunService.CANCEL_POLL_INTERVAL, lease.dividedBy(6)))
                .table(new FileDocumentTable(home.resolve("table")))
                .blobs(blobs)
                .outputWriters(writers)
                .scratchDatabases(new H2ScratchDatabases())
                .vault(new FileSecretVault(home.resolve("secrets")))
                .scripts(scripts)
                .domoVerifier(new DomoTokenVerifier(domo.baseUri(), http, clock, RetryPolicy.defaults()))
                .dataPlanes(new CalciteDataPlaneFactory(domo.baseUri()))
                .scheduler(scheduler)
                .retryScheduler(scheduler)
                .runCredentials(s -> new RefreshingRunCredentials(s.accountRepository(), s.connectors(), s.vault(),
                        s.table(), oauthClient, clock, RefreshingRunCredentials.Settings.defaults()))
                .datasetAccess(new DomoDatasetAccess(domo.baseUri(), http, clock, RetryPolicy.defaults()))
                .runLauncher(built -> run -> runWorkers.execute(() -> invokeExecutor(ExecutorHandler.runEvent(run.id()))))
                .runEvents(runEvents(settings, home, clock, webhooks))
                .alertWebhook(webhooks)
                .alertEmail(new FileOutbox(home, clock))
                .testRunLauncher(built -> testRun -> runWorkers.execute(
                        () -> invokeExecutor(ExecutorHandler.testRunEvent(testRun.id()))))
                .writePreviews(new EncodedWritePreviews())
                .clock(clock)
                .addressGuard(guard)
                // metadata.baseurl: the Domo instance scripts are written for; the stand-in only serves the data plane
                .domoBaseUrl(DomoApi.DEFAULT_BASE_URL)
                .build();
        CallerResolver callers = jwtCallers == null ? CallerResolver.trustingHeaders() : CallerResolver.fromJwtClaims();
        ExecutorHandler executor = new ExecutorHandler(ExecutorWiring.of(services, callers));
        executorHandler = executor;
        RegistrationHandler registration = new RegistrationHandler(jwtCallers == null ? RegistrationWiring.of(services, callers)
                : RegistrationWiring.of(services, callers, jwtCallers.studioSignIn()));
        OAuthCallbackHandler oauth = new OAuthCallbackHandler(OAuthWiring.of(services, oauthClient, callers,
                CallbackUrl.fixed(api.baseUri() + OAuthApi.CALLBACK)));
        functions = List.of(
                LocalFunction.of("registration", registration.api(), registration),
                LocalFunction.of("oauth-callback", oauth.api(), oauth),
                LocalFunction.of("executor", executor.api(), executor));
        api.serve(functions, jwtCallers == null ? null : jwtCallers.authorizer());
        scheduler.deliverTo(this::invokeScheduled);
        long sweepSeconds = Long.getLong("writeback.sweepSeconds", SWEEP_SECONDS);
        if (sweepSeconds > 0) {
            sweeper.scheduleWithFixedDelay(() -> invokeExecutor(SWEEP_EVENT), 0, sweepSeconds, TimeUnit.SECONDS);
        }
    }

    private static final byte[] SWEEP_EVENT = "{\"source\":\"writeback.sweep\"}".getBytes(StandardCharsets.UTF_8);

    /** The {@code aws} global's S3: AWS itself, or the store {@code writeback.scriptS3Endpoint} names (allowed by the guard). */
    private static S3ScriptObjectStore scriptObjectStore(AddressGuard guard) {
        String endpoint = System.getProperty("writeback.scriptS3Endpoint");
        if (endpoint == null || endpoint.isBlank()) {
            return new S3ScriptObjectStore(guard);
        }
        URI uri = URI.create(endpoint);
        Set<String> targets = new HashSet<>(guard.internalTargets());
        targets.add(uri.getHost() + ":" + uri.getPort());
        return new S3ScriptObjectStore(guard.allowing(targets), uri);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Where everything lives, which ports to use (0 = a free one; for File Drop, the one this home keeps) and which
     * other {@code host:port} targets scripts, writers and OAuth may reach over http and on internal addresses.
     */
    public record Settings(Path home, Path datasets, int apiPort, int domoPort, int fileDropPort, Set<String> allowedTargets,
                           List<String> eventWebhooks) {
        public Settings {
            allowedTargets = Set.copyOf(allowedTargets);
            eventWebhooks = List.copyOf(eventWebhooks);
        }

        public Settings(Path home, Path datasets, int apiPort, int domoPort, int fileDropPort, Set<String> allowedTargets) {
            this(home, datasets, apiPort, domoPort, fileDropPort, allowedTargets, List.of());
        }

        public Settings(Path home, Path datasets, int apiPort, int domoPort, int fileDropPort) {
            this(home, datasets, apiPort, domoPort, fileDropPort, Set.of());
        }
    }

    /** Run events go to the home's JSON-lines file and to every event webhook of the settings. */
    private static RunEventPublisher[] runEvents(Settings settings, Path home, Clock clock, Webhooks webhooks) {
        LocalRunEvents file = new LocalRunEvents(home, clock);
        return settings.eventWebhooks().isEmpty() ? new RunEventPublisher[] {file}
                : new RunEventPublisher[] {file, webhooks.forRunEvents(settings.eventWebhooks(), clock)};
    }

    public static LocalPlatform start(Settings settings) throws IOException {
        return new LocalPlatform(settings, null);
    }

    /**
     * Tests only: callers are known from verified bearer JWTs, as behind API Gateway's JWT authorizer, never from the
     * local headers, and the studio signs in as {@code studioSignIn} says (OIDC at the tokens' issuer).
     */
    public record JwtCallers(StudioSignIn studioSignIn, LocalApiServer.JwtAuthorizer authorizer) {}

    public static LocalPlatform start(Settings settings, JwtCallers jwtCallers) throws IOException {
        return new LocalPlatform(settings, jwtCallers);
    }

    /** The HTTP API (the three functions behind one local server). */
    public LocalApiServer api() {
        return api;
    }

    public List<LocalFunction> functions() {
        return functions;
    }

    public Services services() {
        return services;
    }

    public Path home() {
        return home;
    }

    public DomoStandin domo() {
        return domo;
    }

    public FileDropServer fileDrop() {
        return fileDrop;
    }

    public String domoClientId() {
        return domoClientId;
    }

    public String domoClientSecret() {
        return domoClientSecret;
    }

    public String fileDropKey() {
        return fileDropKey;
    }

    private void invokeScheduled(String jobId, String eventId, int attempt) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("source", "writeback.schedule");
        event.put("jobId", jobId);
        event.put("scheduledEventId", eventId);
        event.put("attempt", attempt);
        event.put("scheduledTime", Instant.now().toString());
        invokeExecutor(Json.write(event).getBytes(StandardCharsets.UTF_8));
    }

    /** Invokes the executor's handler with an event, as Lambda would (15-minute budget). */
    private void invokeExecutor(byte[] event) {
        try {
            executorHandler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                    new LocalLambdaContext("executor", Duration.ofMinutes(15)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            Logger.getLogger(LocalPlatform.class.getName()).log(Level.SEVERE, "The executor failed on an event", e);
        }
    }

    /**
     * File Drop on {@code port}, else on the port this home keeps with its credentials, else on a free one, which the
     * home then keeps: accounts store File Drop's URL, so every process on the home must serve it at the same place.
     */
    private static FileDropServer startFileDrop(Path home, Map<String, String> secrets, int port) throws IOException {
        String kept = secrets.get(FILE_DROP_PORT);
        int wanted = port != 0 ? port : kept == null ? 0 : Integer.parseInt(kept);
        FileDropServer drop;
        try {
            drop = FileDropServer.start(home.resolve("file-drop"), secrets.get("fileDropApiKey"), wanted);
        } catch (BindException e) {
            throw new IOException("File Drop cannot listen on 127.0.0.1:" + wanted + (port != 0 ? ""
                    : ", the port this home keeps in " + home.resolve(CREDENTIALS)) + ": it is in use. Stop the other"
                    + " process using it (another serve or demo on this home?)" + (port != 0 ? "." : ", or delete \""
                    + FILE_DROP_PORT + "\" from that file to give this home a new port; accounts made earlier then"
                    + " need their base URL changed."), e);
        }
        if (!String.valueOf(drop.port()).equals(kept)) {
            Map<String, String> updated = new LinkedHashMap<>(secrets);
            updated.put(FILE_DROP_PORT, String.valueOf(drop.port()));
            saveLocalSecrets(home, updated);
        }
        return drop;
    }

    private static final String CREDENTIALS = "local-credentials.json";
    private static final String FILE_DROP_PORT = "fileDropPort";

    /** Credentials of the local stand-ins, made once per home folder and kept there (owner-only). */
    private static Map<String, String> localSecrets(Path home) throws IOException {
        Path file = home.resolve(CREDENTIALS);
        if (Files.exists(file)) {
            @SuppressWarnings("unchecked")
            Map<String, String> m = Json.read(Files.readString(file), Map.class);
            return m;
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("domoClientId", "local-" + IdGenerator.randomHex(6));
        m.put("domoClientSecret", IdGenerator.randomHex(24));
        m.put("fileDropApiKey", "fd_" + IdGenerator.randomHex(20));
        saveLocalSecrets(home, m);
        return m;
    }

    private static void saveLocalSecrets(Path home, Map<String, String> secrets) throws IOException {
        Path temp = OwnerOnly.tempFile(home, ".credentials", ".tmp");
        Files.writeString(temp, Json.write(secrets));
        Files.move(temp, home.resolve(CREDENTIALS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        sweeper.shutdown(); // a sweep under way finishes its writes; no interrupt in the middle of a file store's write
        api.close();
        scheduler.close();
        runWorkers.shutdown();
        try {
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
            if (!runWorkers.awaitTermination(30, TimeUnit.SECONDS)) {
                runWorkers.shutdownNow();
            }
            warmUp.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fileDrop.close();
        domo.close();
        scripts.close();
        scriptObjects.close();
        writers.close();
        webhooks.close();
    }
}
