package dev.writeback.testing.aws;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The {@link SecretsManagerStandin} on a free loopback port, started once per test class.
 * Register it as a static field:
 * {@code @RegisterExtension static final SecretsManagerExtension SECRETS = new SecretsManagerExtension();}
 */
public final class SecretsManagerExtension implements BeforeAllCallback, AfterAllCallback {
    public static final Region REGION = Region.US_EAST_1;

    private SecretsManagerStandin standin;
    private SecretsManagerClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        standin = new SecretsManagerStandin().start();
        client = newClient();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (standin != null) {
            standin.close();
        }
    }

    /** A new client for this server; the caller closes it. */
    public SecretsManagerClient newClient() {
        return SecretsManagerClient.builder()
                .endpointOverride(standin.endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public URI endpoint() {
        return standin.endpoint();
    }

    /** A ready client, closed after the test class. */
    public SecretsManagerClient client() {
        return client;
    }
}
