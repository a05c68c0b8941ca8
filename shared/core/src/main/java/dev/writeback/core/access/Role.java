package dev.writeback.core.access;

/** What a caller may do beyond using connectors: author them, or review submissions. */
public enum Role {
    AUTHOR, REVIEWER
}
