package dev.writeback.core.connector;

import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.error.NotFoundException;

/**
 * Who may see, change and review a connector. Its own company sees it whole and its authors change it;
 * other companies see what was published publicly; reviewers also see and decide on public submissions.
 * A connector a caller may not know of does not exist for them (404, not 403).
 */
final class ConnectorAccess {
    private final ConnectorRepository repository;

    ConnectorAccess(ConnectorRepository repository) {
        this.repository = repository;
    }

    /**
     * The connector as the caller may see it: its company sees the latest version, a reviewer of another
     * company a version submitted publicly (to review it), others the public published one.
     */
    ConnectorVersion readable(Caller caller, String connectorId) {
        Connector c = repository.find(connectorId).orElseThrow(() -> ConnectorRepository.notFound(connectorId));
        if (caller.inCompany(c.companyId())) {
            return repository.getVersion(connectorId, c.latestVersion());
        }
        if (caller.has(Role.REVIEWER)) {
            ConnectorVersion latest = repository.getVersion(connectorId, c.latestVersion());
            if (latest.status() == ConnectorStatus.SUBMITTED && latest.visibility() == Visibility.PUBLIC) {
                return latest;
            }
        }
        if (c.publishedVisibility() == Visibility.PUBLIC) {
            return repository.getVersion(connectorId, c.publishedVersion());
        }
        throw ConnectorRepository.notFound(connectorId);
    }

    /**
     * A specific version, if the caller may see it: other companies see versions published publicly,
     * including older ones their jobs are pinned to.
     */
    ConnectorVersion readableVersion(Caller caller, String connectorId, int version) {
        Connector c = visible(caller, connectorId);
        ConnectorVersion v = repository.findVersion(connectorId, version).orElse(null);
        if (v == null || !caller.inCompany(c.companyId())
                && (v.status() != ConnectorStatus.PUBLISHED || v.visibility() != Visibility.PUBLIC)) {
            throw new NotFoundException("Connector " + connectorId + " has no version " + version + ".");
        }
        return v;
    }

    /** The connector if the caller may know it exists; others get 404, not 403. */
    Connector visible(Caller caller, String connectorId) {
        Connector c = repository.find(connectorId).orElseThrow(() -> ConnectorRepository.notFound(connectorId));
        if (caller.inCompany(c.companyId()) || c.publishedVisibility() == Visibility.PUBLIC) {
            return c;
        }
        throw ConnectorRepository.notFound(connectorId);
    }

    /** The connector if the caller is an author of the company that owns it. */
    Connector owned(Caller caller, String connectorId) {
        Connector c = visible(caller, connectorId);
        if (!caller.inCompany(c.companyId())) {
            throw new ForbiddenException("Only authors of the company that owns connector " + connectorId + " may change it.");
        }
        requireAuthor(caller);
        return c;
    }

    /** The latest version of a connector the caller owns. */
    ConnectorVersion latestOwned(Caller caller, String connectorId) {
        Connector c = owned(caller, connectorId);
        return repository.getVersion(connectorId, c.latestVersion());
    }

    /**
     * The submission a reviewer may decide on. Reviewers act on public submissions of any company and
     * on private submissions of their own company only (to others a private connector does not exist);
     * nobody reviews a version they submitted or a connector they own.
     */
    ConnectorVersion submittedForReview(Caller reviewer, String connectorId) {
        if (!reviewer.has(Role.REVIEWER)) {
            throw new ForbiddenException("Only reviewers approve or reject connectors.");
        }
        Connector c = repository.find(connectorId).orElseThrow(() -> ConnectorRepository.notFound(connectorId));
        ConnectorVersion v = repository.getVersion(connectorId, c.latestVersion());
        boolean ownCompany = reviewer.inCompany(c.companyId());
        boolean publicSubmission = v.status() == ConnectorStatus.SUBMITTED && v.visibility() == Visibility.PUBLIC;
        if (!ownCompany && !publicSubmission) {
            if (c.publishedVisibility() != Visibility.PUBLIC) {
                throw ConnectorRepository.notFound(connectorId);
            }
            throw new ForbiddenException("Connector " + connectorId + " is not submitted for public review;"
                    + " only reviewers of its own company review its private submissions.");
        }
        if (v.status() != ConnectorStatus.SUBMITTED) {
            throw new InvalidStateException("Connector " + connectorId + " is " + v.status() + ", not submitted for review.");
        }
        if (ownCompany && (reviewer.userId().equals(v.submittedBy()) || reviewer.userId().equals(v.ownerUserId()))) {
            throw new ForbiddenException("Reviewers do not review their own connectors; another reviewer must decide on "
                    + connectorId + ".");
        }
        return v;
    }

    static void requireAuthor(Caller caller) {
        if (!caller.has(Role.AUTHOR)) {
            throw new ForbiddenException("Only connector authors create or change connectors.");
        }
    }
}
