package dev.writeback.aws.s3;

import dev.writeback.aws.LocalStack;
import dev.writeback.core.store.BlobStore;
import dev.writeback.core.testing.BlobStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The BlobStore contract on LocalStack's S3; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class S3BlobStoreLocalStackIT extends BlobStoreContract {
    private static final String BUCKET = "writeback-localstack";
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    protected BlobStore newStore() {
        if (RUNS.getAndIncrement() == 0) {
            LocalStack.clients().s3().createBucket(b -> b.bucket(BUCKET));
        }
        return new S3BlobStore(LocalStack.clients().s3(), BUCKET, "test-" + RUNS.get() + "/");
    }
}
