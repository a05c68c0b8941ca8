package dev.writeback.writers;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.error.WritebackException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Streams an object to S3 in parts of {@code partSize} bytes, up to {@code partsInFlight} parts uploading at once while
 * the next one fills: memory is at most {@code (partsInFlight + 1) × partSize}. The object appears at its key only when
 * the multipart upload is completed in {@link #publish()} (or, for an output smaller than one part, by a single
 * PutObject then): S3 never shows a partial object. A part that fails fails the next write or the publish;
 * {@link #abort()} then waits for the parts still uploading and aborts the multipart upload, so no part outlives it.
 */
final class S3Sink extends OutputStream implements FileSink {
    /** Parts uploading at once by default: with 8 MiB parts, 40 MiB of buffers per write. */
    static final int PARTS_IN_FLIGHT = 4;
    private static final Logger LOG = Logger.getLogger(S3Sink.class.getName());
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final boolean overwrite;
    private final int partSize;
    private final int partsInFlight;
    private final Deque<Upload> uploading = new ArrayDeque<>();
    private final Deque<byte[]> spareBuffers = new ArrayDeque<>();
    private final List<CompletedPart> parts = new ArrayList<>();
    private ExecutorService uploader;
    private byte[] buffer;
    private int length;
    private String uploadId;
    private boolean closed;

    private record Upload(Future<CompletedPart> part, byte[] buffer) {
    }

    S3Sink(S3Client s3, String bucket, String key, boolean overwrite, int partSize) {
        this(s3, bucket, key, overwrite, partSize, PARTS_IN_FLIGHT);
    }

    S3Sink(S3Client s3, String bucket, String key, boolean overwrite, int partSize, int partsInFlight) {
        if (partsInFlight < 1) {
            throw new IllegalArgumentException("partsInFlight must be at least 1");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.overwrite = overwrite;
        this.partSize = partSize;
        this.partsInFlight = partsInFlight;
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

    /** Hands the full buffer to an uploader thread, first waiting for the oldest part when enough are in flight. */
    private void uploadPart() throws IOException {
        if (uploadId == null) {
            uploadId = call("start the upload of", () -> s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId());
            uploader = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("s3-part-", 0).factory());
        }
        while (uploading.size() >= partsInFlight || !uploading.isEmpty() && uploading.peek().part().isDone()) {
            finishOldest(); // a part that failed stops the write here rather than parts later
        }
        int number = parts.size() + uploading.size() + 1;
        byte[] full = buffer;
        int size = length;
        String id = uploadId;
        uploading.add(new Upload(uploader.submit(() -> call("upload a part of", () -> {
            String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(number).contentLength((long) size),
                    RequestBody.fromInputStream(new ByteArrayInputStream(full, 0, size), size)).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        })), full));
        buffer = spareBuffers.isEmpty() ? new byte[partSize] : spareBuffers.pop();
        length = 0;
    }

    /** Waits for the oldest part in flight; its failure is this call's. */
    private void finishOldest() throws IOException {
        Upload oldest = uploading.peek();
        try {
            parts.add(oldest.part().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while uploading " + location());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
        uploading.remove();
        spareBuffers.push(oldest.buffer());
    }

    @Override
    public void publish() throws IOException {
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
        while (!uploading.isEmpty()) {
            finishOldest();
        }
        call("complete the upload of", () -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))));
        uploadId = null;
        uploader.close();
    }

    @Override
    public void abort() {
        if (uploadId == null) {
            return;
        }
        // a part still uploading could land after the abort and stay behind: let every one end first (its request
        // has the client's timeouts); interrupting it would leave the server free to store it after the abort
        uploading.clear();
        uploader.close();
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
