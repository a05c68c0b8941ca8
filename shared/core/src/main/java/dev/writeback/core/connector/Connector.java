package dev.writeback.core.connector;

import java.time.Instant;

/**
 * A connector's identity and pointers to its versions.
 *
 * @param latestVersion the newest version (the one authors edit)
 * @param publishedVersion the newest PUBLISHED version, or null
 * @param publishedVisibility the visibility of {@code publishedVersion}, or null
 */
public record Connector(String id, String companyId, String ownerUserId, String name, int latestVersion,
                        Integer publishedVersion, Visibility publishedVisibility, Instant createdAt, long revision) {

    public Connector withLatest(int version, String newName, long newRevision) {
        return new Connector(id, companyId, ownerUserId, newName, version, publishedVersion, publishedVisibility,
                createdAt, newRevision);
    }

    public Connector withPublished(int version, Visibility visibility, String newName) {
        return new Connector(id, companyId, ownerUserId, newName, latestVersion, version, visibility, createdAt,
                revision);
    }

    public Connector withName(String newName) {
        return new Connector(id, companyId, ownerUserId, newName, latestVersion, publishedVersion,
                publishedVisibility, createdAt, revision);
    }
}
