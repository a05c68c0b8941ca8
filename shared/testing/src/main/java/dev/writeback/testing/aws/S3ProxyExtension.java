package dev.writeback.testing.aws;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
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
 * An in-memory S3 (S3Proxy, transient blob store) on a free loopback port. One server serves the
 * whole test JVM: the first test class that registers this extension starts it, and it stops when
 * the JVM's tests are done. Each test class gets a bucket of its own, created before the class
 * ({@link #bucket()}: the name given here plus a number) and emptied and deleted after it, so
 * classes never see each other's objects. Register it as a static field:
 * {@code @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();}
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final Region REGION = Region.US_EAST_1;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ProxyExtension.class);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final String bucketName;
    private int depth;
    private Server server;
    private String bucket;
    private S3Client client;

    public S3ProxyExtension() {
        this("writeback-test");
    }

    /** @param bucketName what this class's bucket is called, before its number */
    public S3ProxyExtension(String bucketName) {
        this.bucketName = bucketName;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return; // a @Nested class: it shares its outer class's bucket
        }
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
        bucket = bucketName + "-" + BUCKETS.incrementAndGet();
        client = newClient();
        client.createBucket(b -> b.bucket(bucket));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth > 0 || client == null) {
            return;
        }
        try {
            // S3Proxy keeps objects in this JVM's heap: what this class stored goes with it
            client.listMultipartUploads(b -> b.bucket(bucket)).uploads()
                    .forEach(u -> client.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
            client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList()
                    .forEach(key -> client.deleteObject(b -> b.bucket(bucket).key(key)));
            client.deleteBucket(b -> b.bucket(bucket));
        } finally {
            client.close();
        }
    }

    /** A new client for this server; the caller closes it. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The server's address (shared by every test class of this JVM). */
    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("S3ProxyExtension is not started: register it with @RegisterExtension on a static field.");
        }
        return server.endpoint;
    }

    /** A ready client, closed after the test class. */
    public S3Client client() {
        return client;
    }

    /** This test class's bucket, created before the class. */
    public String bucket() {
        return bucket;
    }

    /** The JVM's one S3Proxy; JUnit closes it with the root context's store. */
    static final class Server implements AutoCloseable {
        final URI endpoint;
        private final S3Proxy proxy;

        private Server(S3Proxy proxy) {
            this.proxy = proxy;
            this.endpoint = URI.create("http://" + Loopback.HOST + ":" + proxy.getPort());
        }

        static Server start() {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://" + Loopback.HOST + ":0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            try {
                proxy.start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!"STARTED".equals(proxy.getState())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("S3Proxy did not start within 10 s (state " + proxy.getState() + ")");
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting S3Proxy", e);
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException("Cannot start S3Proxy: " + e.getMessage(), e);
            }
            return new Server(proxy);
        }

        @Override
        public void close() throws Exception {
            proxy.stop();
        }
    }
}
