package dev.writeback.aws.s3;

import dev.writeback.core.store.BlobStore;
import dev.writeback.core.testing.BlobStoreContract;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The BlobStore contract on S3Proxy, each test under its own key prefix of one bucket. */
class S3BlobStoreS3ProxyIT extends BlobStoreContract {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    protected BlobStore newStore() {
        return new S3BlobStore(S3.client(), S3.bucket(), "test-" + RUNS.incrementAndGet() + "/");
    }
}
