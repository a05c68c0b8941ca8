package dev.writeback.aws.s3;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.PayloadTooLargeException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.net.AddressGuard;
import dev.writeback.core.script.ScriptObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@code aws} global's S3, through the AWS SDK with the script's key pair. The region must be one of AWS's
 * regions, and requests go to that region's public S3 endpoint; only the operator may point every client at
 * another endpoint (an S3-compatible store in local mode and tests), never a script. Every request passes the
 * address guard before it is sent, so no endpoint resolving to an internal address is reached.
 */
public final class S3ScriptObjectStore implements ScriptObjectStore, AutoCloseable {
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final AddressGuard guard;
    private final URI endpointOverride;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();

    /** Public AWS endpoints only. */
    public S3ScriptObjectStore(AddressGuard guard) {
        this(guard, null);
    }

    /** @param endpointOverride operator configuration: every client goes there (path-style), or null for AWS */
    public S3ScriptObjectStore(AddressGuard guard, URI endpointOverride) {
        this.guard = guard;
        this.endpointOverride = endpointOverride;
    }

    @Override
    public Client client(String region, String accessKeyId, String secretAccessKey) {
        Region r = awsRegion(region);
        S3ClientBuilder b = S3Client.builder().httpClient(http).region(r)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new GuardInterceptor(guard)).apiCallTimeout(CALL_TIMEOUT));
        if (endpointOverride != null) {
            b.endpointOverride(endpointOverride).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return new S3ScriptClient(b.build());
    }

    /** One of AWS's regions (not a global pseudo-region), e.g. {@code us-east-1}. */
    static Region awsRegion(String name) {
        if (name != null && REGION_NAME.matcher(name).matches()) {
            Region r = Region.of(name);
            if (Region.regions().contains(r) && !r.isGlobalRegion()) {
                return r;
            }
        }
        throw new InvalidInputException("'" + name + "' is not an AWS region; use a region name such as us-east-1 or eu-west-2");
    }

    @Override
    public void close() {
        http.close();
    }

    private record S3ScriptClient(S3Client s3) implements Client {
        @Override
        public void put(String bucket, String key, byte[] value) {
            try {
                s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) value.length), RequestBody.fromBytes(value));
            } catch (SdkException | Refused e) {
                throw failure(e);
            }
        }

        @Override
        public Optional<byte[]> get(String bucket, String key, long maxBytes) {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
                Long length = in.response().contentLength();
                if (length != null && length > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                byte[] bytes = readAtMost(in, maxBytes);
                return Optional.of(bytes);
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                    return Optional.empty();
                }
                throw failure(e);
            } catch (SdkException | Refused e) {
                throw failure(e);
            } catch (IOException e) {
                throw new UpstreamException("reading the object from S3 failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            s3.close();
        }
    }

    private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return bytes;
    }

    private static PayloadTooLargeException tooLarge(long maxBytes) {
        return new PayloadTooLargeException("the object is larger than " + maxBytes + " bytes, the most a script may read");
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** What the script is told: S3's own error code and message, or why the request was not sent. */
    private static UpstreamException failure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refused refused) {
                return new UpstreamException(refused.getMessage(), e);
            }
        }
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            String message = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            return new UpstreamException("S3 answered " + s3.statusCode() + (code == null ? "" : " " + code)
                    + (message == null || message.isBlank() ? "" : ": " + message), e);
        }
        if (e instanceof SdkClientException) {
            return new UpstreamException("S3 could not be reached: " + e.getMessage(), e);
        }
        return new UpstreamException("S3 failed: " + e.getMessage(), e);
    }

    /** The guard's refusal of a request, thrown before it is sent. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks every request's host (after the SDK chose the endpoint) with the address guard. */
    private record GuardInterceptor(AddressGuard guard) implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            AddressGuard.Refusal refusal = guard.check(request.protocol(), request.host(), request.port());
            if (refusal != null) {
                throw new Refused("the request to " + request.host() + " was not sent: " + switch (refusal.reason()) {
                    case NOT_HTTP, HTTPS_REQUIRED -> "S3 is reached over https only";
                    case UNRESOLVED -> "the host does not resolve";
                    case NOT_PUBLIC -> "it resolves to a non-public address (" + refusal.address() + ", " + refusal.why() + ")";
                });
            }
        }
    }
}
