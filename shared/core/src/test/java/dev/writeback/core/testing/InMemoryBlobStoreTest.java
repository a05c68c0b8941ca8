package dev.writeback.core.testing;

import dev.writeback.core.store.BlobStore;

/** The blob store double passes the contract the S3 and file adapters pass. */
class InMemoryBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
        return new InMemoryBlobStore();
    }
}
