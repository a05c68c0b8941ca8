package dev.writeback.core.connector;

import dev.writeback.core.Sha256;
import dev.writeback.core.store.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A connector's files (scripts, icons) in the blob store, addressed by their content digest: a write
 * never changes what an existing version names (a racing submit sees the old file or the new one, whole),
 * and drafts share unchanged files with the version they were copied from.
 */
final class ConnectorFiles {
    private final ConnectorRepository repository;
    private final BlobStore blobs;

    ConnectorFiles(ConnectorRepository repository, BlobStore blobs) {
        this.repository = repository;
        this.blobs = blobs;
    }

    /** Where a file of a connector with this content digest lives in the blob store. */
    static String key(String connectorId, String file, String digest) {
        return "connectors/" + connectorId + "/files/" + digest + "-" + file;
    }

    /** The blob key of a version's file, if it has one. */
    static Optional<String> key(ConnectorVersion v, String file) {
        return Optional.ofNullable(v.files().get(file)).map(d -> key(v.connectorId(), file, d));
    }

    static String iconFile(IconKind kind) {
        return kind.slug() + ".png";
    }

    private static String digest(byte[] bytes) {
        return Sha256.hex(bytes, 16);
    }

    /**
     * Stores a file's content under its digest, then has {@code record} save the version with its new files
     * (a conditional write). If that write loses a race, the new blob is removed again (unless a version names
     * it); a file the version no longer names is removed when no other version names it.
     */
    ConnectorVersion put(ConnectorVersion v, String file, byte[] bytes, String contentType,
                         Function<Map<String, String>, ConnectorVersion> record) {
        String digest = digest(bytes);
        String key = key(v.connectorId(), file, digest);
        if (!blobs.exists(key)) {
            blobs.put(key, bytes, contentType);
        }
        Map<String, String> files = new HashMap<>(v.files());
        String previous = files.put(file, digest);
        ConnectorVersion saved;
        try {
            saved = record.apply(files);
        } catch (RuntimeException lost) {
            if (!named(v.connectorId(), file, digest)) {
                blobs.delete(key);
            }
            throw lost;
        }
        if (previous != null && !previous.equals(digest) && !named(v.connectorId(), file, previous)) {
            blobs.delete(key(v.connectorId(), file, previous));
        }
        return saved;
    }

    /** A version's file, if it has one. */
    Optional<byte[]> read(ConnectorVersion v, String file) {
        return key(v, file).flatMap(blobs::get).map(BlobStore.Blob::bytes);
    }

    /** A version's text file (a script), if it has one. */
    Optional<String> readText(ConnectorVersion v, String file) {
        return read(v, file).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Removes every file a version names (when the whole connector is deleted). */
    void deleteAll(ConnectorVersion v) {
        v.files().forEach((file, digest) -> blobs.delete(key(v.connectorId(), file, digest)));
    }

    /** Whether some version of the connector names this file content. */
    private boolean named(String connectorId, String file, String digest) {
        Connector c = repository.find(connectorId).orElse(null);
        if (c == null) {
            return false;
        }
        for (int version = 1; version <= c.latestVersion(); version++) {
            Optional<ConnectorVersion> v = repository.findVersion(connectorId, version);
            if (v.isPresent() && digest.equals(v.get().files().get(file))) {
                return true;
            }
        }
        return false;
    }
}
