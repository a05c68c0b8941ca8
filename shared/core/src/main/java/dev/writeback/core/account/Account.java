package dev.writeback.core.account;

import dev.writeback.core.connector.AuthType;
import java.time.Instant;
import java.util.List;

/**
 * A user's connection to a third-party system through one connector. Only metadata is here; the
 * credentials (passwords, keys, tokens) live in the secret vault under {@link #secretName()}.
 *
 * @param connectorVersion the connector version whose authentication script accepted it
 * @param statusReason why the account needs attention, or null
 * @param tokenExpiresAt when the OAuth access token expires, or null
 */
public record Account(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
                      String name, AuthType authType, AccountStatus status, String statusReason,
                      Instant tokenExpiresAt, List<String> grantedScopes, Instant createdAt, Instant updatedAt,
                      long revision) {
    public Account {
        grantedScopes = grantedScopes == null ? List.of() : List.copyOf(grantedScopes);
    }

    public String secretName() {
        return secretName(id);
    }

    public static String secretName(String accountId) {
        return "accounts/" + accountId;
    }

    public Account withStatus(AccountStatus newStatus, String reason, Instant at) {
        return new Account(id, companyId, ownerUserId, connectorId, connectorVersion, name, authType, newStatus, reason,
                tokenExpiresAt, grantedScopes, createdAt, at, revision);
    }

    public Account withToken(Instant expiresAt, List<String> scopes, Instant at) {
        return new Account(id, companyId, ownerUserId, connectorId, connectorVersion, name, authType, status,
                statusReason, expiresAt, scopes, createdAt, at, revision);
    }

    public Account withRevision(long newRevision) {
        return new Account(id, companyId, ownerUserId, connectorId, connectorVersion, name, authType, status,
                statusReason, tokenExpiresAt, grantedScopes, createdAt, updatedAt, newRevision);
    }
}
