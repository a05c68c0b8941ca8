package dev.writeback.registration;

import dev.writeback.api.CallerResolver;
import dev.writeback.api.HttpApi;
import dev.writeback.aws.AwsStores;
import dev.writeback.aws.scheduler.EventBridgeJobScheduler;
import dev.writeback.core.Services;
import dev.writeback.domo.DomoDatasetAccess;
import dev.writeback.domo.DomoTokenVerifier;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.script.GraalScriptRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

/** The registration function's AWS wiring, built once per container. */
final class RegistrationWiring {
    private RegistrationWiring() {
    }

    static HttpApi fromEnvironment() {
        AwsStores stores = AwsStores.fromEnvironment();
        Clock clock = Clock.systemUTC();
        URI domo = URI.create(System.getenv().getOrDefault("DOMO_BASE_URL", "https://api.domo.com"));
        Services services = Services.builder()
                .table(stores.table()).blobs(stores.blobs()).vault(stores.vault())
                .scripts(GraalScriptRunner.create())
                .domoVerifier(new DomoTokenVerifier(domo, HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                .scheduler(EventBridgeJobScheduler.fromEnvironment(System.getenv()))
                .datasetAccess(new DomoDatasetAccess(domo, HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                .clock(clock).domoBaseUrl(domo.toString())
                .build();
        return RegistrationApi.create(services.connectors(), services.accounts(), services.jobs(),
                CallerResolver.fromEnvironment());
    }
}
