package dev.writeback.core.connector;

import dev.writeback.core.store.SecretVault;
import java.util.Optional;

/**
 * A connector version's secrets in the vault, named by connector and version: the Domo API client's
 * secret and the OAuth client secret. A new draft of a published version gets copies of them.
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
    }
}
