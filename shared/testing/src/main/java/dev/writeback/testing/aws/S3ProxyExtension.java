package dev.writeback.testing.aws;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-memory S3 (S3Proxy, transient blob store) on a free loopback port, started once per test
 * class with a bucket already created. Register it as a static field:
 * {@code @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();}
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final Region REGION = Region.US_EAST_1;

    private final String bucket;
    private S3Proxy proxy;
    private URI endpoint;
    private S3Client client;

    public S3ProxyExtension() {
        this("writeback-test");
    }

    public S3ProxyExtension(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://" + Loopback.HOST + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 10 s (state " + proxy.getState() + ")");
            }
            Thread.sleep(5);
        }
        endpoint = URI.create("http://" + Loopback.HOST + ":" + proxy.getPort());
        client = newClient();
        client.createBucket(b -> b.bucket(bucket));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    /** A new client for this server; the caller closes it. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A ready client, closed after the test class. */
    public S3Client client() {
        return client;
    }

    /** The bucket created at start. */
    public String bucket() {
        return bucket;
    }
}
