package dev.writeback.core.connector;

import java.time.Instant;

/**
 * The Domo API client a connector reads DataSets with. Its secret lives in the vault.
 *
 * @param clientKey the Domo client id
 * @param verifiedAt when a {@code data}-scoped token was last obtained with it
 */
public record VerifiedDomoClient(String clientKey, Instant verifiedAt) {
}
