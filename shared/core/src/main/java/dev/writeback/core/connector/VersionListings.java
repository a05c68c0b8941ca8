package dev.writeback.core.connector;

import dev.writeback.core.access.Caller;
import dev.writeback.core.access.Role;
import dev.writeback.core.error.ForbiddenException;
import dev.writeback.core.store.Page;

/** The listings of connector versions: a connector's history, and the reviewers' queue of submissions. */
public final class VersionListings {
    private final ConnectorRepository repository;
    private final ConnectorAccess access;

    public VersionListings(ConnectorRepository repository) {
        this.repository = repository;
        this.access = new ConnectorAccess(repository);
    }

    /**
     * Every version of a connector the caller may see, newest first: its company sees them all (a rejected one
     * with the reviewer's reason); other companies the versions published publicly, and reviewers also a version
     * submitted publicly.
     */
    public Page<VersionSummary> versions(Caller caller, String connectorId, int limit, String cursor) {
        ConnectorVersion seen = access.readable(caller, connectorId);
        boolean ownCompany = caller.inCompany(seen.companyId());
        boolean reviewer = caller.has(Role.REVIEWER);
        return repository.listVersions(connectorId, v -> ownCompany || v.visibility() == Visibility.PUBLIC
                        && (v.status() == ConnectorStatus.PUBLISHED || reviewer && v.status() == ConnectorStatus.SUBMITTED),
                Page.limit(limit), cursor).map(VersionSummary::of);
    }

    /**
     * The reviewers' queue: the versions awaiting a decision, oldest submission first: every company's public
     * submissions and the reviewer's own company's private ones.
     */
    public Page<Submission> reviewQueue(Caller reviewer, int limit, String cursor) {
        if (!reviewer.has(Role.REVIEWER)) {
            throw new ForbiddenException("Only reviewers see the queue of submitted connectors.");
        }
        return repository.listSubmitted(v -> v.visibility() == Visibility.PUBLIC || reviewer.inCompany(v.companyId()),
                Page.limit(limit), cursor).map(Submission::of);
    }
}
