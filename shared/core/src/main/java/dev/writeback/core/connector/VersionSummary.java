package dev.writeback.core.connector;

import java.time.Instant;

/**
 * One version of a connector in its history.
 *
 * @param decidedAt when a reviewer approved or rejected it
 * @param rejectionReason the reviewer's reason, when it was rejected
 */
public record VersionSummary(int version, ConnectorStatus status, Visibility visibility, Instant createdAt,
                             Instant submittedAt, Instant decidedAt, String rejectionReason) {
    static VersionSummary of(ConnectorVersion v) {
        Review review = v.review();
        return new VersionSummary(v.version(), v.status(), v.visibility(), v.createdAt(), v.submittedAt(),
                review == null ? null : review.at(),
                review == null || review.approved() ? null : review.reason());
    }
}
