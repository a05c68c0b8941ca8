package dev.writeback.testing.store;

import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A BlobStore in memory, for tests whose subject is not the store (the adapters pass {@link BlobStoreContract}). */
public final class MemoryBlobStore implements BlobStore {
    private final ConcurrentSkipListMap<String, Blob> blobs = new ConcurrentSkipListMap<>();

    public String text(String key) {
        return new String(get(key).orElseThrow().bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        blobs.put(key, new Blob(key, bytes.clone(), contentType));
    }

    @Override
    public Optional<Blob> get(String key) {
        return Optional.ofNullable(blobs.get(key));
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(get(key).orElseThrow(() -> new NotFoundException(key)).bytes());
    }

    @Override
    public boolean exists(String key) {
        return blobs.containsKey(key);
    }

    @Override
    public void delete(String key) {
        blobs.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        return blobs.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    @Override
    public Upload openUpload(String key, String contentType) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new Upload() {
            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }

            @Override
            public void close() {
                put(key, buffer.toByteArray(), contentType);
            }

            @Override
            public void abort() {
                buffer.reset();
            }

            @Override
            public long bytesWritten() {
                return buffer.size();
            }
        };
    }
}
