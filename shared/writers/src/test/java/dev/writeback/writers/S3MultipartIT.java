package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.UpstreamException;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** The S3 writer's parts upload concurrently against S3Proxy: the object is exact, and a failed part aborts the upload. */
class S3MultipartIT {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("multipart");
    static final int PART = WritersSettings.MIN_PART_SIZE;

    /** S3Proxy's client, watching the parts: how many upload at once, and every call in the order it was made. */
    static final class WatchedS3 implements S3Client {
        final S3Client real = S3.client();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile int failingPart = -1;
        volatile CountDownLatch together = new CountDownLatch(0);

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest r) {
            calls.add("create");
            return real.createMultipartUpload(r);
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest r, RequestBody body) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.countDown();
                together.await(20, TimeUnit.SECONDS);
                if (r.partNumber() == failingPart) {
                    calls.add("part " + r.partNumber() + " failed");
                    throw (S3Exception) S3Exception.builder().statusCode(500)
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").errorMessage("We encountered an internal error").build())
                            .build();
                }
                UploadPartResponse response = real.uploadPart(r, body);
                calls.add("part " + r.partNumber());
                return response;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest r) {
            calls.add("complete");
            return real.completeMultipartUpload(r);
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest r) {
            calls.add("abort");
            return real.abortMultipartUpload(r);
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest r, RequestBody body) {
            calls.add("put");
            return real.putObject(r, body);
        }

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest r) {
            return real.headObject(r);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
        }
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    static List<String> openUploads() {
        return S3.client().listMultipartUploads(r -> r.bucket(S3.bucket())).uploads().stream().map(u -> u.key()).toList();
    }

    @Test
    void partsUploadTogetherAndTheObjectIsExactInOrder() throws IOException {
        WatchedS3 s3 = new WatchedS3();
        s3.together = new CountDownLatch(3); // the first three parts answer only once all three are uploading
        byte[] data = randomBytes(5 * PART + 12345);

        S3Sink sink = new S3Sink(s3, S3.bucket(), "together.bin", true, PART, 3);
        for (int off = 0; off < data.length; off += 100_000) {
            sink.write(data, off, Math.min(100_000, data.length - off));
        }
        sink.close();
        sink.publish();

        assertArrayEquals(data, S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket()).key("together.bin")).asByteArray());
        assertEquals(3, s3.mostInFlight.get(), "three parts in flight at once, never more");
        assertEquals(8, s3.calls.size(), s3.calls.toString());
        assertEquals("create", s3.calls.getFirst());
        assertEquals("complete", s3.calls.getLast());
        assertEquals(List.of(), openUploads());
    }

    @Test
    void aPartFailingMidUploadAbortsTheUploadAfterEveryPartEndedAndLeavesThePreviousObject() {
        S3.client().putObject(r -> r.bucket(S3.bucket()).key("failing.bin"), RequestBody.fromString("previous run"));
        WatchedS3 s3 = new WatchedS3();
        s3.failingPart = 3;
        byte[] data = randomBytes(8 * PART);
        S3Sink sink = new S3Sink(s3, S3.bucket(), "failing.bin", true, PART, 4);

        UpstreamException e = assertThrows(UpstreamException.class, () -> {
            try {
                for (int off = 0; off < data.length; off += 100_000) {
                    sink.write(data, off, Math.min(100_000, data.length - off));
                }
                sink.close();
                sink.publish();
            } catch (RuntimeException | IOException failure) {
                sink.abort(); // what the writers do on any failure
                throw failure;
            }
        });

        assertEquals("S3 refused to upload a part of s3://" + S3.bucket() + "/failing.bin: We encountered an internal error "
                + "(HTTP 500, InternalError)", e.getMessage());
        assertEquals("abort", s3.calls.getLast(), "no part is uploaded after the abort: " + s3.calls);
        assertTrue(!s3.calls.contains("complete"), s3.calls.toString());
        assertEquals(List.of(), openUploads(), "no multipart upload (and so no part) is left behind");
        assertEquals("previous run", S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket()).key("failing.bin")).asUtf8String());
    }

    @Test
    void anOutputSmallerThanAPartIsOnePut() throws IOException {
        WatchedS3 s3 = new WatchedS3();
        S3Sink sink = new S3Sink(s3, S3.bucket(), "small.txt", true, PART, 4);
        sink.write("hello".getBytes(StandardCharsets.UTF_8));
        sink.close();
        sink.publish();

        assertEquals(List.of("put"), s3.calls);
        assertEquals("hello", S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket()).key("small.txt")).asUtf8String());
    }
}
