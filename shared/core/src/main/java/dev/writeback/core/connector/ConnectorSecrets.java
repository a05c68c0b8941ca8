package dev.writeback.core.connector;

import dev.writeback.core.json.Json;
import dev.writeback.core.store.SecretVault;
import java.util.Map;
import java.util.Optional;

/**
 * A connector version's secrets in the vault, named by connector and version: the Domo API client's
 * secret and the OAuth client secret, and while it is submitted the test credentials its submitter gave reviewers.
 * A new draft of a published version gets copies of the client secrets (never of test credentials).
 */
final class ConnectorSecrets {
    private final SecretVault vault;

    ConnectorSecrets(SecretVault vault) {
        this.vault = vault;
    }

    /** Vault name of a version's Domo client secret. */
    static String domoName(String connectorId, int version) {
        return "connectors/" + connectorId + "/v" + version + "/domo-client-secret";
    }

    /** Vault name of a version's OAuth client secret. */
    static String oauthName(String connectorId, int version) {
        return "connectors/" + connectorId + "/v" + version + "/oauth-client-secret";
    }

    /** Vault name of a submitted version's test credentials. */
    static String testCredentialsName(String connectorId, int version) {
        return "connectors/" + connectorId + "/v" + version + "/test-credentials";
    }

    void putTestCredentials(ConnectorVersion v, TestCredentials credentials) {
        Map<String, Object> stored = credentials.accountId() != null ? Map.of("accountId", credentials.accountId())
                : Map.of("fields", credentials.fields());
        vault.put(testCredentialsName(v.connectorId(), v.version()), Json.write(stored));
    }

    Optional<TestCredentials> testCredentials(ConnectorVersion v) {
        return vault.get(testCredentialsName(v.connectorId(), v.version())).map(json -> {
            Stored stored = Json.read(json, Stored.class);
            return new TestCredentials(stored.accountId(), stored.fields());
        });
    }

    void deleteTestCredentials(ConnectorVersion v) {
        vault.delete(testCredentialsName(v.connectorId(), v.version()));
    }

    record Stored(String accountId, Map<String, String> fields) {
    }

    void putDomo(ConnectorVersion v, String secret) {
        vault.put(domoName(v.connectorId(), v.version()), secret);
    }

    void putOAuth(ConnectorVersion v, String secret) {
        vault.put(oauthName(v.connectorId(), v.version()), secret);
    }

    Optional<String> domo(ConnectorVersion v) {
        return vault.get(domoName(v.connectorId(), v.version()));
    }

    Optional<String> oauth(ConnectorVersion v) {
        return vault.get(oauthName(v.connectorId(), v.version()));
    }

    /** Copies the secrets of one version to another (a new draft of a published version). */
    void copy(String connectorId, int from, int to) {
        vault.get(domoName(connectorId, from)).ifPresent(s -> vault.put(domoName(connectorId, to), s));
        vault.get(oauthName(connectorId, from)).ifPresent(s -> vault.put(oauthName(connectorId, to), s));
    }

    /** Removes a version's secrets (when the whole connector is deleted). */
    void delete(String connectorId, int version) {
        vault.delete(domoName(connectorId, version));
        vault.delete(oauthName(connectorId, version));
        vault.delete(testCredentialsName(connectorId, version));
    }
}
