package dev.writeback.core.changes;

import dev.writeback.core.json.Json;
import dev.writeback.core.store.BlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A job's change snapshot in the blob store: {@code jobs/<jobId>/changes/current.json} points at the snapshot of the
 * last successful run ({@code jobs/<jobId>/changes/snapshot-<runId>.bin.gz}, key → row digest, sorted by key) and holds
 * the greatest watermark seen. A run writes its snapshot under its own key; only {@link #commit} after the run
 * SUCCEEDED moves the pointer, so a failed run leaves the previous snapshot in force.
 */
public final class ChangeSnapshots {
    private static final Logger LOG = Logger.getLogger(ChangeSnapshots.class.getName());
    private final BlobStore blobs;

    public ChangeSnapshots(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * What the last successful run left.
     *
     * @param fingerprint the settings and DataSet it was taken for ({@link Incremental#fingerprint})
     * @param snapshotKey the sorted key → digest file ({@code CHANGES}), or null ({@code APPEND})
     * @param watermark the greatest watermark seen ({@code APPEND}), as text, or null
     * @param rows rows in the snapshot
     * @param runId the run that took it
     */
    public record Pointer(String fingerprint, String snapshotKey, String watermark, long rows, String runId) {
    }

    static String pointerKey(String jobId) {
        return prefix(jobId) + "current.json";
    }

    static String snapshotKey(String jobId, String runId) {
        return prefix(jobId) + "snapshot-" + runId + ".bin.gz";
    }

    private static String prefix(String jobId) {
        return "jobs/" + jobId + "/changes/";
    }

    public Optional<Pointer> current(String jobId) {
        return blobs.get(pointerKey(jobId)).map(b -> Json.read(new String(b.bytes(), StandardCharsets.UTF_8), Pointer.class));
    }

    InputStream open(Pointer pointer) {
        return blobs.open(pointer.snapshotKey());
    }

    BlobStore.Upload upload(String jobId, String runId) {
        return blobs.openUpload(snapshotKey(jobId, runId), "application/gzip");
    }

    /**
     * Makes {@code next} the job's snapshot, then deletes the one it replaces. Once the pointer is written the commit has
     * happened: a replaced snapshot that cannot be deleted is only logged (it takes room, nothing reads it).
     */
    void commit(String jobId, Pointer next) {
        Optional<Pointer> previous = current(jobId);
        blobs.put(pointerKey(jobId), Json.write(next).getBytes(StandardCharsets.UTF_8), "application/json");
        previous.map(Pointer::snapshotKey).filter(k -> !k.equals(next.snapshotKey())).ifPresent(replaced -> {
            try {
                blobs.delete(replaced);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Job " + jobId + ": the replaced change snapshot " + replaced + " could not be deleted", e);
            }
        });
    }

    /** Deletes a snapshot a run wrote but did not commit. */
    void discard(String key) {
        blobs.delete(key);
    }

    /** Forgets the job's snapshot and watermark: its next run sends every row (resend-all, or the job is deleted). */
    public void reset(String jobId) {
        Optional<Pointer> previous = current(jobId);
        blobs.delete(pointerKey(jobId));
        previous.map(Pointer::snapshotKey).ifPresent(blobs::delete);
    }
}
