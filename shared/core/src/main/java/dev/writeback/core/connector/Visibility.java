package dev.writeback.core.connector;

/** Who may see a published connector: its own company only, or every company. */
public enum Visibility {
    PRIVATE, PUBLIC
}
