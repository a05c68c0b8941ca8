package dev.writeback.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.testing.aws.S3ProxyExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/** Listing follows S3's continuation tokens (S3 returns at most 1000 keys per call; here 2). */
class S3BlobStoreListingIT {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();

    @Test
    void listReadsEveryPageAndHidesTheStorePrefix() {
        S3BlobStore store = new S3BlobStore(S3.client(), S3.bucket(), "writeback/", 2);
        for (String key : List.of("runs/e", "runs/a", "runs/d", "runs/b", "runs/c", "scripts/x")) {
            store.put(key, new byte[] {1}, "text/plain");
        }
        S3.client().putObject(r -> r.bucket(S3.bucket()).key("other-app/runs/z"), RequestBody.fromString("z"));

        assertEquals(List.of("runs/a", "runs/b", "runs/c", "runs/d", "runs/e"), store.list("runs/"));
        assertEquals(List.of("runs/a", "runs/b", "runs/c", "runs/d", "runs/e", "scripts/x"), store.list(""));
    }
}
