package dev.writeback.core.connector;

/** Where a connector version is in its publishing life. */
public enum ConnectorStatus {
    /** Being edited by its author. */
    DRAFT,
    /** Waiting for a reviewer; read-only. */
    SUBMITTED,
    /** Approved; immutable, usable by jobs. */
    PUBLISHED,
    /** Refused by a reviewer with a reason; editable again. */
    REJECTED
}
