package dev.writeback.aws.s3;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * {@link BlobStore} on one S3 bucket, every key under a fixed prefix (e.g. {@code writeback/} or
 * empty). Streaming uploads buffer {@value #PART_SIZE}-byte parts into a multipart upload that is
 * completed on close, so S3 itself guarantees nothing is visible before then.
 */
public final class S3BlobStore implements BlobStore {
    /** S3's minimum part size (every part but the last). */
    static final int PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int listPageSize;

    /** @param keyPrefix prepended to every key; empty, or ending with {@code /} */
    public S3BlobStore(S3Client s3, String bucket, String keyPrefix) {
        this(s3, bucket, keyPrefix, 1000);
    }

    S3BlobStore(S3Client s3, String bucket, String keyPrefix, int listPageSize) {
        if (!keyPrefix.isEmpty() && !keyPrefix.endsWith("/")) {
            throw new IllegalArgumentException("The key prefix must be empty or end with '/': " + keyPrefix);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = keyPrefix;
        this.listPageSize = listPageSize;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        s3.putObject(r -> r.bucket(bucket).key(objectKey(key)).contentType(orDefault(contentType)), RequestBody.fromBytes(bytes));
    }

    @Override
    public Optional<Blob> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(objectKey(key)));
            return Optional.of(new Blob(key, object.asByteArray(), object.response().contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(objectKey(key)));
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("There is no object at " + key + ".", e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(objectKey(key)));
    }

    @Override
    public List<String> list(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + keyPrefix).maxKeys(listPageSize)).contents()) {
            keys.add(object.key().substring(prefix.length()));
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public Upload openUpload(String key, String contentType) {
        return new MultipartUpload(key, objectKey(key), orDefault(contentType));
    }

    private static String orDefault(String contentType) {
        return contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    }

    private String objectKey(String key) {
        BlobKeys.check(key);
        return prefix + key;
    }

    /** Buffers one part at a time; a single PutObject when everything fits in the first part. */
    private final class MultipartUpload extends Upload {
        private final String key;
        private final String objectKey;
        private final String contentType;
        private final byte[] buffer = new byte[PART_SIZE];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private long written;
        private String uploadId;
        private boolean finished;

        MultipartUpload(String key, String objectKey, String contentType) {
            this.key = key;
            this.objectKey = objectKey;
            this.contentType = contentType;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (finished) {
                throw new IOException("The upload to " + key + " is already closed or aborted.");
            }
            while (length > 0) {
                if (filled == buffer.length) {
                    sendPart();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                written += n;
            }
        }

        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(objectKey).contentType(contentType)
                            .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
                }
                int number = parts.size() + 1;
                UploadPartResponse part = s3.uploadPart(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(Arrays.copyOf(buffer, filled)));
                parts.add(CompletedPart.builder().partNumber(number).eTag(part.eTag()).checksumCRC32(part.checksumCRC32()).build());
                filled = 0;
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            if (uploadId == null) {
                finished = true;
                try {
                    s3.putObject(r -> r.bucket(bucket).key(objectKey).contentType(contentType), RequestBody.fromBytes(Arrays.copyOf(buffer, filled)));
                } catch (RuntimeException e) {
                    throw new IOException("Storing " + key + " failed: " + e.getMessage(), e);
                }
                return;
            }
            if (filled > 0) {
                sendPart();
            }
            finished = true;
            try {
                s3.completeMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }

        /** Aborts the multipart upload after a failure so S3 keeps no orphaned parts. */
        private IOException failed(RuntimeException cause) {
            finished = true;
            IOException failure = new IOException("Uploading " + key + " failed: " + cause.getMessage(), cause);
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId));
                } catch (RuntimeException abortFailure) {
                    failure.addSuppressed(abortFailure);
                }
            }
            return failure;
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            if (uploadId != null) {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId));
            }
        }

        @Override
        public long bytesWritten() {
            return written;
        }
    }

    /** Keys are plain relative paths: no empty, "." or ".." segment, no backslash. */
    static final class BlobKeys {
        private BlobKeys() {
        }

        static void check(String key) {
            if (key == null || key.isEmpty() || key.contains("\\") || Arrays.stream(key.split("/", -1))
                    .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw new InvalidInputException("The object key '" + key
                        + "' is not a relative path of non-empty segments separated by '/' (no '.', '..' or '\\').");
            }
        }
    }
}
