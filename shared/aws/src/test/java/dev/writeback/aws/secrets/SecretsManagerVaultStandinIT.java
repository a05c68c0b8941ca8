package dev.writeback.aws.secrets;

import dev.writeback.core.store.SecretVault;
import dev.writeback.testing.aws.SecretsManagerExtension;
import dev.writeback.testing.store.SecretVaultContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SecretVault contract on the Secrets Manager stand-in, each test under its own name prefix. */
class SecretsManagerVaultStandinIT extends SecretVaultContract {
    @RegisterExtension
    static final SecretsManagerExtension SECRETS = new SecretsManagerExtension();
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    protected SecretVault newVault() {
        return new SecretsManagerVault(SECRETS.client(), "writeback/test-" + RUNS.incrementAndGet() + "/");
    }
}
