package dev.writeback.core.testing;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Objects in memory, held to {@link BlobStoreContract} like the real adapters: keys are plain
 * relative paths, uploads become visible only when closed, an object without a content type is
 * {@code application/octet-stream}.
 */
public final class InMemoryBlobStore implements BlobStore {
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final TreeMap<String, Blob> blobs = new TreeMap<>();

    @Override
    public synchronized void put(String key, byte[] bytes, String contentType) {
        checkKey(key);
        blobs.put(key, new Blob(key, bytes.clone(), contentType == null || contentType.isBlank() ? DEFAULT_TYPE : contentType));
    }

    @Override
    public synchronized Optional<Blob> get(String key) {
        return Optional.ofNullable(blobs.get(key)).map(b -> new Blob(b.key(), b.bytes().clone(), b.contentType()));
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(get(key).orElseThrow(() -> new NotFoundException("There is no object " + key + "."))
                .bytes());
    }

    @Override
    public synchronized boolean exists(String key) {
        return blobs.containsKey(key);
    }

    @Override
    public synchronized void delete(String key) {
        blobs.remove(key);
    }

    @Override
    public synchronized List<String> list(String prefix) {
        return blobs.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    @Override
    public Upload openUpload(String key, String contentType) {
        checkKey(key);
        return new Upload() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            private boolean done;

            @Override
            public void write(int b) throws IOException {
                open();
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                open();
                buffer.write(b, off, len);
            }

            private void open() throws IOException {
                if (done) {
                    throw new IOException("The upload to " + key + " is closed.");
                }
            }

            @Override
            public void abort() {
                done = true;
                buffer.reset();
            }

            @Override
            public long bytesWritten() {
                return buffer.size();
            }

            @Override
            public void close() {
                if (!done) {
                    done = true;
                    put(key, buffer.toByteArray(), contentType);
                }
            }
        };
    }

    /** An object's content as UTF-8 text, for assertions; fails if absent. */
    public String text(String key) {
        return new String(get(key).orElseThrow(() -> new AssertionError("no object at " + key)).bytes(),
                StandardCharsets.UTF_8);
    }

    public synchronized List<String> keys() {
        return List.copyOf(blobs.keySet());
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.contains("\\") || Arrays.stream(key.split("/", -1))
                .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            throw new InvalidInputException("The object key '" + key
                    + "' is not a relative path of non-empty segments separated by '/' (no '.', '..' or '\\').");
        }
    }
}
