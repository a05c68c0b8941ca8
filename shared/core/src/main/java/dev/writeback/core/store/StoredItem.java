package dev.writeback.core.store;

import java.util.Objects;

/**
 * One item of the single table: a partition key, a sort key, a revision for optimistic
 * concurrency, an optional listing key pair (the GSI) and a JSON body.
 *
 * @param pk partition key, e.g. {@code CONNECTOR#c-123}
 * @param sk sort key, e.g. {@code VERSION#0001}
 * @param revision revision as stored; a write must name the revision it read
 * @param gsi1pk listing partition, or null when the item is not listed
 * @param gsi1sk listing sort key (compared as a string), or null
 * @param expiresAt epoch seconds after which the item is dead (DynamoDB TTL attribute), or null
 * @param body the item's JSON document
 */
public record StoredItem(String pk, String sk, long revision, String gsi1pk, String gsi1sk, Long expiresAt, String body) {
    public StoredItem {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sk, "sk");
        Objects.requireNonNull(body, "body");
        if ((gsi1pk == null) != (gsi1sk == null)) {
            throw new IllegalArgumentException("gsi1pk and gsi1sk go together");
        }
    }

    /** A new item, not yet stored (revision 0). */
    public static StoredItem of(String pk, String sk, String body) {
        return new StoredItem(pk, sk, 0, null, null, null, body);
    }

    public StoredItem withListing(String listingPk, String listingSk) {
        return new StoredItem(pk, sk, revision, listingPk, listingSk, expiresAt, body);
    }

    public StoredItem withExpiry(Long epochSeconds) {
        return new StoredItem(pk, sk, revision, gsi1pk, gsi1sk, epochSeconds, body);
    }

    public StoredItem withBody(String newBody) {
        return new StoredItem(pk, sk, revision, gsi1pk, gsi1sk, expiresAt, newBody);
    }

    public StoredItem withRevision(long newRevision) {
        return new StoredItem(pk, sk, newRevision, gsi1pk, gsi1sk, expiresAt, body);
    }
}
