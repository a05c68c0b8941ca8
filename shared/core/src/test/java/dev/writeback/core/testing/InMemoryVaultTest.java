package dev.writeback.core.testing;

import dev.writeback.core.store.SecretVault;

/** The vault double passes the contract the Secrets Manager and file adapters pass. */
class InMemoryVaultTest extends SecretVaultContract {
    @Override
    protected SecretVault newVault() {
        return new InMemoryVault();
    }
}
