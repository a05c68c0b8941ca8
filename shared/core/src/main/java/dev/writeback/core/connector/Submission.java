package dev.writeback.core.connector;

import java.time.Instant;

/** A submitted version awaiting a reviewer's decision, as the reviewers' queue lists it. */
public record Submission(String connectorId, int version, String name, String companyId, Visibility visibility,
                         Instant submittedAt, String submittedBy) {
    static Submission of(ConnectorVersion v) {
        return new Submission(v.connectorId(), v.version(), v.name(), v.companyId(), v.visibility(), v.submittedAt(),
                v.submittedBy());
    }
}
