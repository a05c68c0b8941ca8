package dev.writeback.oauthcallback;

import dev.writeback.core.store.BlobStore;
import dev.writeback.core.store.SecretVault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** In-memory blob store and vault for tests (the table is the real DynamoDB adapter on dynalite). */
final class MemoryStores {
    private MemoryStores() {
    }

    static final class Vault implements SecretVault {
        final Map<String, String> secrets = new ConcurrentHashMap<>();

        @Override
        public void put(String name, String value) {
            secrets.put(name, value);
        }

        @Override
        public Optional<String> get(String name) {
            return Optional.ofNullable(secrets.get(name));
        }

        @Override
        public void delete(String name) {
            secrets.remove(name);
        }
    }

    static final class Blobs implements BlobStore {
        private final Map<String, Blob> blobs = new ConcurrentSkipListMap<>();

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
            return new ByteArrayInputStream(get(key).orElseThrow().bytes());
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            return new Upload() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public void close() {
                    put(key, out.toByteArray(), contentType);
                }

                @Override
                public void abort() {
                    out.reset();
                }

                @Override
                public long bytesWritten() {
                    return out.size();
                }
            };
        }
    }
}
