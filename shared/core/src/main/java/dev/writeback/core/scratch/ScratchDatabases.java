package dev.writeback.core.scratch;

/** Opens scratch databases (an embedded database engine). */
public interface ScratchDatabases {

    /**
     * Opens a database from the bytes a {@link ScratchDatabase#snapshot()} gave, or an empty one when {@code saved}
     * is null. It may hold at most {@code maxBytes}; a write past that fails.
     */
    ScratchDatabase open(byte[] saved, long maxBytes);
}
