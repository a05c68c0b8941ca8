package dev.writeback.core.store;

import java.util.Optional;

/**
 * The single table every record store is built on (DynamoDB in AWS, files in the embedded
 * default). Every state change is conditional, so concurrent writers never lose an update:
 * the loser gets a {@link dev.writeback.core.error.ConflictException}.
 *
 * <p>Items with an {@code expiresAt} in the past may still be returned (DynamoDB's TTL deletes
 * lazily); callers that care check the expiry themselves.
 */
public interface DocumentTable {

    Optional<StoredItem> get(String pk, String sk);

    /**
     * Stores a new item. Fails with {@code ConflictException} if an item with the same keys
     * exists. Returns the item as stored (revision 1).
     */
    StoredItem create(StoredItem item);

    /**
     * Replaces an item if its stored revision equals {@code item.revision()}; the stored copy
     * gets revision + 1, which is returned. {@code NotFoundException} if there is no such item,
     * {@code ConflictException} if the revision differs.
     */
    StoredItem update(StoredItem item);

    /**
     * Deletes an item if its stored revision equals {@code expectedRevision}.
     * {@code NotFoundException} if absent, {@code ConflictException} if the revision differs.
     */
    void delete(String pk, String sk, long expectedRevision);

    /**
     * Items of one partition whose sort key starts with {@code skPrefix}, sorted by sort key.
     *
     * @param cursor null for the first page, else the previous page's {@code nextCursor}
     */
    Page<StoredItem> query(String pk, String skPrefix, boolean descending, int limit, String cursor);

    /** Items whose listing partition is {@code gsi1pk}, sorted by listing sort key. */
    Page<StoredItem> queryListing(String gsi1pk, boolean descending, int limit, String cursor);
}
