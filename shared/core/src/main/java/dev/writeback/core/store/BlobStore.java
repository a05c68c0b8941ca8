package dev.writeback.core.store;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Objects by key: scripts, icons, run logs and run outputs (S3 in AWS, files locally).
 * Keys are {@code /}-separated paths without a leading slash.
 */
public interface BlobStore {

    void put(String key, byte[] bytes, String contentType);

    Optional<Blob> get(String key);

    /** Streams an object; {@code NotFoundException} if absent. The caller closes the stream. */
    InputStream open(String key);

    boolean exists(String key);

    /** Deletes an object; deleting an absent key is not an error. */
    void delete(String key);

    /** Keys under a prefix, sorted. */
    List<String> list(String prefix);

    /**
     * Opens a streaming upload to {@code key}. Nothing is visible at the key until the returned
     * stream is closed successfully; {@link Upload#abort()} discards what was written.
     */
    Upload openUpload(String key, String contentType);

    /** An object's bytes and content type. */
    record Blob(String key, byte[] bytes, String contentType) {
    }

    /** A streaming upload that becomes visible on {@link #close()} and never partially. */
    abstract class Upload extends OutputStream {
        /** Discards everything written; the key keeps its previous content, if any. */
        public abstract void abort();

        /** Bytes written so far. */
        public abstract long bytesWritten();
    }
}
