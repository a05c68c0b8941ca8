package dev.writeback.aws;

import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds each SDK client once, on demand, on one shared {@code UrlConnectionHttpClient} (the only
 * HTTP client the functions ship): a region, optional endpoint overrides (emulators) and either
 * the default credentials chain or fixed credentials. Closing it closes every client it built.
 *
 * <pre>{@code
 * AwsClients aws = AwsClients.builder().region(System.getenv("AWS_REGION")).build();   // in Lambda
 * AwsClients dev = AwsClients.builder().region("us-east-1").credentials("test", "test")
 *         .dynamoDbEndpoint(dynalite).s3Endpoint(s3proxy).secretsManagerEndpoint(moto).build();
 * }</pre>
 */
public final class AwsClients implements AutoCloseable {
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI dynamoDbEndpoint;
    private final URI s3Endpoint;
    private final URI secretsManagerEndpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Lazy<DynamoDbClient> dynamoDb = new Lazy<>(this::buildDynamoDb);
    private final Lazy<S3Client> s3 = new Lazy<>(this::buildS3);
    private final Lazy<SecretsManagerClient> secretsManager = new Lazy<>(this::buildSecretsManager);

    private AwsClients(Builder b) {
        this.region = b.region;
        this.credentials = b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build();
        this.dynamoDbEndpoint = b.dynamoDbEndpoint;
        this.s3Endpoint = b.s3Endpoint;
        this.secretsManagerEndpoint = b.secretsManagerEndpoint;
    }

    public static Builder builder() {
        return new Builder();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    private DynamoDbClient buildDynamoDb() {
        var builder = DynamoDbClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        if (dynamoDbEndpoint != null) {
            builder.endpointOverride(dynamoDbEndpoint);
        }
        return builder.build();
    }

    private S3Client buildS3() {
        var builder = S3Client.builder().region(region).credentialsProvider(credentials).httpClient(http);
        if (s3Endpoint != null) {
            // Emulators serve one host name: the bucket goes in the path.
            builder.endpointOverride(s3Endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    private SecretsManagerClient buildSecretsManager() {
        var builder = SecretsManagerClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        if (secretsManagerEndpoint != null) {
            builder.endpointOverride(secretsManagerEndpoint);
        }
        return builder.build();
    }

    @Override
    public void close() {
        dynamoDb.ifBuilt(DynamoDbClient::close);
        s3.ifBuilt(S3Client::close);
        secretsManager.ifBuilt(SecretsManagerClient::close);
        http.close();
    }

    public static final class Builder {
        private Region region;
        private AwsCredentialsProvider credentials;
        private URI dynamoDbEndpoint;
        private URI s3Endpoint;
        private URI secretsManagerEndpoint;

        private Builder() {
        }

        public Builder region(String region) {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("An AWS region is required (AWS_REGION is not set).");
            }
            this.region = Region.of(region);
            return this;
        }

        /** Fixed credentials (emulators, tests); without this call the default chain is used. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
            return this;
        }

        /** One endpoint for every service (LocalStack). */
        public Builder endpoint(URI endpoint) {
            return dynamoDbEndpoint(endpoint).s3Endpoint(endpoint).secretsManagerEndpoint(endpoint);
        }

        public Builder dynamoDbEndpoint(URI endpoint) {
            this.dynamoDbEndpoint = endpoint;
            return this;
        }

        public Builder s3Endpoint(URI endpoint) {
            this.s3Endpoint = endpoint;
            return this;
        }

        public Builder secretsManagerEndpoint(URI endpoint) {
            this.secretsManagerEndpoint = endpoint;
            return this;
        }

        public AwsClients build() {
            if (region == null) {
                throw new IllegalArgumentException("An AWS region is required: call region(...).");
            }
            return new AwsClients(this);
        }
    }

    private static final class Lazy<T> {
        private final Supplier<T> factory;
        private T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        synchronized T get() {
            if (value == null) {
                value = factory.get();
            }
            return value;
        }

        synchronized void ifBuilt(Consumer<T> action) {
            if (value != null) {
                action.accept(value);
            }
        }
    }
}
