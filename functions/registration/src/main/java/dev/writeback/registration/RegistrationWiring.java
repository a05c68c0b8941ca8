package dev.writeback.registration;

import dev.writeback.api.CallerResolver;
import dev.writeback.aws.AwsStores;
import dev.writeback.aws.email.SesAlertEmail;
import dev.writeback.aws.scheduler.EventBridgeJobScheduler;
import dev.writeback.core.Services;
import dev.writeback.core.account.AccountService;
import dev.writeback.core.account.SubmitForReview;
import dev.writeback.core.agreement.AgreementService;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.VersionListings;
import dev.writeback.core.data.DomoApi;
import dev.writeback.core.job.JobService;
import dev.writeback.core.script.ScriptRunner;
import dev.writeback.domo.DomoDatasetAccess;
import dev.writeback.domo.DomoTokenVerifier;
import dev.writeback.domo.RetryPolicy;
import dev.writeback.script.GraalScriptRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * What the registration function runs on: the agreement, connector, account and job use cases, how callers are
 * known, how the studio's pages sign in, and the script runner (primed before a SnapStart snapshot). {@link #of} wires
 * it over any set of services (the embedded default and the tests pass their own); {@link #fromEnvironment} over the
 * AWS adapters the function's environment names.
 */
public record RegistrationWiring(AgreementService agreements, ConnectorService connectors,
                                 SubmitForReview submitForReview, VersionListings versionListings,
                                 AccountService accounts, JobService jobs, CallerResolver callers,
                                 StudioSignIn studioSignIn, ScriptRunner scripts) {

    /** The studio signs in as its callers are known: with the local headers when trusted, else through OIDC. */
    public static RegistrationWiring of(Services services, CallerResolver callers) {
        return of(services, callers,
                callers.trustsHeaders() ? StudioSignIn.localHeaders() : StudioSignIn.fromEnvironment(System.getenv()));
    }

    public static RegistrationWiring of(Services services, CallerResolver callers, StudioSignIn signIn) {
        return new RegistrationWiring(services.agreements(), services.connectors(), services.submitForReview(),
                services.versionListings(), services.accounts(), services.jobs(), callers, signIn, services.scripts());
    }

    /**
     * The AWS wiring, built once per container: table, bucket and secret prefix ({@code TABLE_NAME},
     * {@code BUCKET_NAME}, {@code SECRET_PREFIX}), {@code DOMO_BASE_URL}, the scheduler of jobs, and
     * whether alert emails can be sent ({@code ALERT_EMAIL_SENDER}).
     */
    public static RegistrationWiring fromEnvironment() {
        return of(awsServices(), CallerResolver.fromEnvironment());
    }

    private static Services awsServices() {
        AwsStores stores = AwsStores.fromEnvironment();
        Clock clock = Clock.systemUTC();
        URI domo = URI.create(System.getenv().getOrDefault("DOMO_BASE_URL", DomoApi.DEFAULT_BASE_URL));
        return Services.builder()
                .table(stores.table()).blobs(stores.blobs()).vault(stores.vault())
                .scripts(GraalScriptRunner.create())
                .domoVerifier(new DomoTokenVerifier(domo, HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                .scheduler(EventBridgeJobScheduler.fromEnvironment(System.getenv()))
                .datasetAccess(new DomoDatasetAccess(domo, HttpClient.newHttpClient(), clock, RetryPolicy.defaults()))
                // rules with an email channel are refused unless the stack has a sender
                .alertEmail(SesAlertEmail.fromEnvironment(System.getenv()))
                .clock(clock).domoBaseUrl(domo.toString())
                .build();
    }
}
