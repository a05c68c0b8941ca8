package dev.writeback.core.connector;

import java.time.Instant;

/** A reviewer's decision on a submitted version; {@code reason} is set on rejection. */
public record Review(String reviewerId, boolean approved, String reason, Instant at) {
}
