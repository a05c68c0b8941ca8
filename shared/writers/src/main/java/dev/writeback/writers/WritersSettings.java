package dev.writeback.writers;

import dev.writeback.core.net.AddressGuard;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Operator settings of the built-in writers.
 *
 * @param guard where writers may connect: https and public addresses only, except the guard's {@code host:port}
 *              internal targets (local mode and tests)
 * @param s3PartSize bytes buffered per S3 part (at least 5 MiB, S3's minimum)
 * @param httpAttempts attempts per HTTP request on 429/5xx/connection failures
 * @param httpBackoff first retry delay, doubled per attempt
 * @param httpMaxBackoff longest retry delay (also caps {@code Retry-After})
 * @param httpRequestTimeout per HTTP request
 * @param sftpTimeout connect and login timeout
 */
public record WritersSettings(AddressGuard guard, int s3PartSize, int httpAttempts, Duration httpBackoff,
                              Duration httpMaxBackoff, Duration httpRequestTimeout, Duration sftpTimeout) {
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public WritersSettings {
        Objects.requireNonNull(guard, "guard");
        if (s3PartSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("s3PartSize must be at least 5 MiB");
        }
        if (httpAttempts < 1) {
            throw new IllegalArgumentException("httpAttempts must be at least 1");
        }
    }

    public static WritersSettings defaults() {
        return new WritersSettings(AddressGuard.publicInternetOnly(), 8 * 1024 * 1024, 5, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(20));
    }

    /** {@code host:port} targets allowed although not public (and over plain http): local mode and tests. */
    public WritersSettings withInternalTargets(Set<String> targets) {
        return withGuard(guard.allowing(targets));
    }

    public WritersSettings withGuard(AddressGuard g) {
        return new WritersSettings(g, s3PartSize, httpAttempts, httpBackoff, httpMaxBackoff, httpRequestTimeout, sftpTimeout);
    }

    public WritersSettings withHttpRetries(int attempts, Duration backoff, Duration maxBackoff) {
        return new WritersSettings(guard, s3PartSize, attempts, backoff, maxBackoff, httpRequestTimeout, sftpTimeout);
    }

    public WritersSettings withS3PartSize(int bytes) {
        return new WritersSettings(guard, bytes, httpAttempts, httpBackoff, httpMaxBackoff, httpRequestTimeout, sftpTimeout);
    }
}
