package dev.writeback.executor;

import dev.writeback.api.CallerResolver;
import dev.writeback.aws.AwsStores;
import dev.writeback.aws.email.SesAlertEmail;
import dev.writeback.aws.events.EventBridgeRunEvents;
import dev.writeback.aws.s3.S3ScriptObjectStore;
import dev.writeback.aws.scheduler.EventBridgeJobScheduler;
import dev.writeback.core.Services;
import dev.writeback.core.account.RefreshingRunCredentials;
import dev.writeback.core.data.DomoApi;
import dev.writeback.core.discovery.DiscoveryService;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.run.RunService;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.core.store.CachingSecretVault;
import dev.writeback.core.testrun.TestRunService;
import dev.writeback.domo.DomoTokenVerifier;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.lambda.RunTelemetry;
import dev.writeback.net.Webhooks;
import dev.writeback.oauth.HttpOAuthClient;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.sql.CalciteDataPlaneFactory;
import dev.writeback.sql.scratch.H2ScratchDatabases;
import dev.writeback.writers.EncodedWritePreviews;
import dev.writeback.writers.StreamingOutputWriters;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * What the executor runs on: the run, discovery and test-run use cases (all run connector scripts), how callers are
 * known, the clock, and the script runner (primed before a SnapStart snapshot). {@link #of} wires it over any set of
 * services (the embedded default and the tests pass their own); {@link #fromEnvironment} over the AWS adapters the
 * function's environment names.
 */
public record ExecutorWiring(RunService runs, DiscoveryService discovery, TestRunService testRuns, CallerResolver callers,
                             Clock clock, ScriptRunner scripts) {

    public static ExecutorWiring of(Services services, CallerResolver callers) {
        return new ExecutorWiring(services.runs(), services.discovery(), services.testRuns(), callers, services.clock(),
                services.scripts());
    }

    /**
     * The AWS wiring, built once per container: table, bucket and secret prefix ({@code TABLE_NAME},
     * {@code BUCKET_NAME}, {@code SECRET_PREFIX}), {@code DOMO_BASE_URL}, the scheduler for retries,
     * this function itself as the launcher of runs started over HTTP, the bus run events go to
     * ({@code EVENT_BUS_NAME}) and the sender of alert emails ({@code ALERT_EMAIL_SENDER}, none when empty).
     */
    public static ExecutorWiring fromEnvironment() {
        return of(awsServices(), CallerResolver.fromEnvironment());
    }

    private static LambdaRunLauncher selfInvocation;

    /** This function, invoked asynchronously: one launcher for runs and test runs, made when first needed. */
    private static synchronized LambdaRunLauncher selfInvocation() {
        if (selfInvocation == null) {
            selfInvocation = LambdaRunLauncher.forThisFunction(UrlConnectionHttpClient.create(),
                    DefaultCredentialsProvider.builder().build());
        }
        return selfInvocation;
    }

    private static Services awsServices() {
        AwsStores stores = AwsStores.fromEnvironment();
        Clock clock = Clock.systemUTC();
        URI domo = URI.create(System.getenv().getOrDefault("DOMO_BASE_URL", DomoApi.DEFAULT_BASE_URL));
        CalciteDataPlaneFactory.warmUp();
        return Services.builder()
                .table(stores.table()).blobs(stores.blobs()).vault(CachingSecretVault.connectorSecrets(stores.vault(), clock))
                .scripts(GraalScriptRunner.create(new S3ScriptObjectStore(AddressGuard.publicInternetOnly())))
                .domoVerifier(new DomoTokenVerifier(domo, HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                .dataPlanes(new CalciteDataPlaneFactory(domo))
                .outputWriters(StreamingOutputWriters.create(stores.blobs()))
                .scratchDatabases(new H2ScratchDatabases())
                .runLauncher(services -> selfInvocation())
                .testRunLauncher(services -> selfInvocation())
                .writePreviews(new EncodedWritePreviews())
                .runCredentials(s -> new RefreshingRunCredentials(s.accountRepository(), s.connectors(), s.vault(),
                        s.table(), HttpOAuthClient.create(clock), clock, RefreshingRunCredentials.Settings.defaults()))
                .retryScheduler(EventBridgeJobScheduler.fromEnvironment(System.getenv()))
                .runObserver(RunTelemetry.fromEnvironment())
                .runEvents(EventBridgeRunEvents.fromEnvironment(System.getenv()))
                .alertWebhook(Webhooks.create(AddressGuard.publicInternetOnly()))
                .alertEmail(SesAlertEmail.fromEnvironment(System.getenv()))
                .clock(clock).domoBaseUrl(domo.toString())
                .build();
    }
}
