package dev.writeback.core.account;

import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.time.Deadline;
import java.util.Map;

/** The account's credentials as stored; for auth types without tokens to refresh. */
public final class StoredRunCredentials implements RunCredentials {
    private final SecretVault vault;

    public StoredRunCredentials(SecretVault vault) {
        this.vault = vault;
    }

    @Override
    public Map<String, String> forRun(Account account, ConnectorVersion connector, Deadline deadline) {
        if (account.status() != AccountStatus.CONNECTED) {
            throw new InvalidStateException("Account " + account.id() + " is " + account.status()
                    + (account.statusReason() == null ? "" : " (" + account.statusReason() + ")")
                    + "; connect it again before running jobs with it.");
        }
        return vault.get(account.secretName()).map(AccountCredentials::parse).orElseThrow(() ->
                new InvalidStateException("Account " + account.id() + " has no stored credentials; connect it again."));
    }
}
