package dev.writeback.writers;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.error.WritebackException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams an object to S3 in parts of {@code partSize} bytes (one part buffered at a time). The object appears at its
 * key only when the multipart upload is completed in {@link #publish()} (or, for an output smaller than one part, by a
 * single PutObject then): S3 never shows a partial object. {@link #abort()} aborts the multipart upload.
 */
final class S3Sink extends OutputStream implements FileSink {
    private static final Logger LOG = Logger.getLogger(S3Sink.class.getName());
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final boolean overwrite;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int length;
    private String uploadId;
    private boolean closed;

    S3Sink(S3Client s3, String bucket, String key, boolean overwrite, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.overwrite = overwrite;
        this.buffer = new byte[partSize];
        if (!overwrite) {
            refuseExisting();
        }
    }

    @Override
    public OutputStream stream() {
        return this;
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public void write(int b) throws IOException {
        if (length == buffer.length) {
            uploadPart();
        }
        buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (length == buffer.length) {
                uploadPart();
            }
            int n = Math.min(len, buffer.length - length);
            System.arraycopy(b, off, buffer, length, n);
            length += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void uploadPart() {
        call("upload a part of", () -> {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) length), RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            length = 0;
        });
    }

    @Override
    public void publish() {
        if (!closed) {
            throw new IllegalStateException("publish before the stream was closed");
        }
        if (!overwrite) {
            refuseExisting();
        }
        if (uploadId == null) {
            call("write", () -> s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) length),
                    RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)));
            return;
        }
        if (length > 0) {
            uploadPart();
        }
        call("complete the upload of", () -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))));
        uploadId = null;
    }

    @Override
    public void abort() {
        if (uploadId == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // the parts stay invisible; a bucket lifecycle rule (AbortIncompleteMultipartUpload) reclaims them
            LOG.log(Level.WARNING, "could not abort the multipart upload of " + location() + ": " + e.getMessage());
        }
        uploadId = null;
    }

    private void refuseExisting() {
        boolean exists = call("check", () -> {
            try {
                s3.headObject(r -> r.bucket(bucket).key(key));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
        if (exists) {
            throw new ConflictException(location() + " already exists and target.overwrite is false; nothing was written");
        }
    }

    private void call(String what, Runnable r) {
        call(what, () -> {
            r.run();
            return null;
        });
    }

    private <T> T call(String what, Supplier<T> s) {
        try {
            return s.get();
        } catch (WritebackException e) {
            throw e;
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String reason = "NoSuchBucket".equals(code) ? "the bucket " + bucket + " does not exist"
                    : e.statusCode() == 403 ? "access denied (check target.accessKey, target.secretKey and the bucket policy)"
                    : (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            throw new UpstreamException("S3 refused to " + what + " " + location() + ": " + reason
                    + " (HTTP " + e.statusCode() + (code == null ? "" : ", " + code) + ")", e);
        } catch (SdkClientException e) {
            throw new UpstreamException("Could not " + what + " " + location() + ": S3 did not answer (" + e.getMessage() + ")", e);
        }
    }
}
