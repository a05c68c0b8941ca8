package dev.writeback.aws;

import dev.writeback.aws.dynamo.DynamoDocumentTable;
import dev.writeback.aws.s3.S3BlobStore;
import dev.writeback.aws.scheduler.EventBridgeJobScheduler;
import dev.writeback.aws.secrets.SecretsManagerVault;
import dev.writeback.core.store.StoredItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS adapters' usual calls, made once on SDK clients that stop every request after it was marshalled and signed,
 * before it reaches the HTTP client: the SDK's and the adapters' cold paths (endpoint rules, marshallers, the signer)
 * run without a byte leaving the process and without touching a table, bucket, secret or schedule. For SnapStart
 * priming.
 */
public final class AwsPriming {
    private static final StaticCredentialsProvider PRIMING_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAPRIMINGPRIMING00", "priming-secret-key-that-signs-nothing-sent"));

    private AwsPriming() {
    }

    /** Thrown by the interceptor where the request would be sent. */
    static final class NotSent extends RuntimeException {
        NotSent() {
            super("priming: the request is not sent", null, false, false);
        }
    }

    private static final class StopBeforeSending implements ExecutionInterceptor {
        final AtomicInteger stopped = new AtomicInteger();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            stopped.incrementAndGet();
            throw new NotSent();
        }
    }

    private static void configure(ClientOverrideConfiguration.Builder o, StopBeforeSending stop) {
        o.addExecutionInterceptor(stop).retryStrategy(AwsRetryStrategy.doNotRetry());
    }

    /** {@link #marshalOffline(SdkHttpClient)} over a client made by {@code http}, closed afterwards. */
    public static int marshalOffline(Supplier<SdkHttpClient> http) {
        try (SdkHttpClient client = http.get()) {
            return marshalOffline(client);
        }
    }

    /**
     * Makes the calls on clients over {@code http}, which no request reaches.
     *
     * @return how many requests were marshalled and stopped
     * @throws IllegalStateException when a call ended otherwise than stopped before sending
     */
    public static int marshalOffline(SdkHttpClient http) {
        StopBeforeSending stop = new StopBeforeSending();
        Region region = Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(region).credentialsProvider(PRIMING_CREDENTIALS).httpClient(http)
                .overrideConfiguration(o -> configure(o, stop)).build();
             S3Client s3 = S3Client.builder().region(region).credentialsProvider(PRIMING_CREDENTIALS).httpClient(http)
                     .overrideConfiguration(o -> configure(o, stop)).build();
             SecretsManagerClient secrets = SecretsManagerClient.builder().region(region).credentialsProvider(PRIMING_CREDENTIALS)
                     .httpClient(http).overrideConfiguration(o -> configure(o, stop)).build();
             SchedulerClient scheduler = SchedulerClient.builder().region(region).credentialsProvider(PRIMING_CREDENTIALS)
                     .httpClient(http).overrideConfiguration(o -> configure(o, stop)).build()) {
            DynamoDocumentTable table = new DynamoDocumentTable(dynamo, "priming");
            S3BlobStore blobs = new S3BlobStore(s3, "priming", "");
            SecretsManagerVault vault = new SecretsManagerVault(secrets, "priming/");
            EventBridgeJobScheduler schedules = new EventBridgeJobScheduler(scheduler, "priming",
                    "arn:aws:lambda:" + region.id() + ":000000000000:function:priming",
                    "arn:aws:iam::000000000000:role/priming");
            byte[] body = "{\"priming\":true}".getBytes(StandardCharsets.UTF_8);
            List<Runnable> calls = List.of(
                    () -> table.get("PRIMING", "ITEM"),
                    () -> table.create(StoredItem.of("PRIMING", "ITEM", "{\"priming\":true}").withListing("PRIMING", "ITEM")),
                    () -> table.update(StoredItem.of("PRIMING", "ITEM", "{}").withRevision(1)),
                    () -> table.query("PRIMING", "IT", false, 10, null),
                    () -> blobs.put("priming/object.json", body, "application/json"),
                    () -> blobs.get("priming/object.json"),
                    () -> vault.get("priming"),
                    () -> vault.put("priming", "value"),
                    () -> schedules.scheduleRetry("job-priming", "event-priming", 1, Instant.parse("2030-01-01T00:00:00Z")));
            for (Runnable call : calls) {
                int before = stop.stopped.get();
                RuntimeException failure = null;
                try {
                    call.run(); // an adapter may turn the stopped request into an answer (not found, nothing listed)
                } catch (RuntimeException e) {
                    failure = e;
                }
                if (stop.stopped.get() == before) {
                    throw new IllegalStateException("a priming call ended before its request was marshalled", failure);
                }
            }
            return stop.stopped.get();
        }
    }
}
