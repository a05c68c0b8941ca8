package dev.writeback.local.store;

import dev.writeback.core.store.BlobStore;
import dev.writeback.core.testing.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The BlobStore contract on the file adapter. */
class FileBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() {
        return new FileBlobStore(dir.resolve("blobs"));
    }
}
