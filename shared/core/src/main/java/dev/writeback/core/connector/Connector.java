package dev.writeback.core.connector;

import java.time.Instant;

/**
 * A connector's identity and pointers to its versions.
 *
 * @param name the name of the latest version (what its own company sees)
 * @param latestVersion the newest version (the one authors edit)
 * @param publishedVersion the newest PUBLISHED version, or null
 * @param publishedVisibility the visibility of {@code publishedVersion}, or null
 * @param publishedName the name of {@code publishedVersion} (what other companies see), or null
 */
public record Connector(String id, String companyId, String ownerUserId, String name, int latestVersion,
                        Integer publishedVersion, Visibility publishedVisibility, String publishedName,
                        Instant createdAt, long revision) {

    public Connector withLatest(int version, String newName, long newRevision) {
        return new Connector(id, companyId, ownerUserId, newName, version, publishedVersion,
                publishedVisibility, publishedName, createdAt, newRevision);
    }

    /** The latest version was published: it is now both the latest and the published one. */
    public Connector withPublished(int version, Visibility visibility, String newName) {
        return new Connector(id, companyId, ownerUserId, newName, latestVersion, version, visibility, newName,
                createdAt, revision);
    }

    /** Renames the latest version; the published name, if any, stays until the next approval. */
    public Connector withName(String newName) {
        return new Connector(id, companyId, ownerUserId, newName, latestVersion, publishedVersion,
                publishedVisibility, publishedName, createdAt, revision);
    }

    /** The connector as other companies see it: its published version under its published name. */
    public Connector publicView() {
        return new Connector(id, companyId, ownerUserId, publishedName == null ? name : publishedName,
                publishedVersion == null ? latestVersion : publishedVersion, publishedVersion, publishedVisibility,
                publishedName, createdAt, revision);
    }
}
