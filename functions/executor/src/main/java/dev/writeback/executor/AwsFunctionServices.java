package dev.writeback.executor;

import dev.writeback.aws.AwsStores;
import dev.writeback.aws.scheduler.EventBridgeJobScheduler;
import dev.writeback.core.Services;
import dev.writeback.core.account.RefreshingRunCredentials;
import dev.writeback.core.store.CachingSecretVault;
import dev.writeback.domo.DomoTokenVerifier;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.lambda.RunTelemetry;
import dev.writeback.oauth.HttpOAuthClient;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.sql.CalciteDataPlaneFactory;
import dev.writeback.writers.StreamingOutputWriters;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The executor's use cases over the AWS adapters named by its environment. */
final class AwsFunctionServices {
    private AwsFunctionServices() {
    }

    static Services executor() {
        AwsStores stores = AwsStores.fromEnvironment();
        Clock clock = Clock.systemUTC();
        URI domo = URI.create(System.getenv().getOrDefault("DOMO_BASE_URL", "https://api.domo.com"));
        CalciteDataPlaneFactory.warmUp();
        return Services.builder()
                .table(stores.table()).blobs(stores.blobs()).vault(CachingSecretVault.connectorSecrets(stores.vault(), clock))
                .scripts(GraalScriptRunner.create())
                .domoVerifier(new DomoTokenVerifier(domo, HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                .dataPlanes(new CalciteDataPlaneFactory(domo))
                .outputWriters(StreamingOutputWriters.create(stores.blobs()))
                .runLauncher(services -> LambdaRunLauncher.forThisFunction(UrlConnectionHttpClient.create(),
                        DefaultCredentialsProvider.builder().build()))
                .runCredentials(s -> new RefreshingRunCredentials(s.accountRepository(), s.connectors(), s.vault(),
                        s.table(), HttpOAuthClient.create(clock), clock, RefreshingRunCredentials.Settings.defaults()))
                .retryScheduler(EventBridgeJobScheduler.fromEnvironment(System.getenv()))
                .runObserver(RunTelemetry.fromEnvironment())
                .clock(clock).domoBaseUrl(domo.toString())
                .build();
    }
}
