package dev.writeback.aws.secrets;

import dev.writeback.core.store.SecretVault;
import dev.writeback.core.testing.SecretVaultContract;
import dev.writeback.testing.aws.MotoExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SecretVault contract on moto's Secrets Manager, each test under its own name prefix. */
class SecretsManagerVaultMotoIT extends SecretVaultContract {
    @RegisterExtension
    static final MotoExtension AWS = new MotoExtension();
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    protected SecretVault newVault() {
        return new SecretsManagerVault(AWS.secretsManager(), "writeback/test-" + RUNS.incrementAndGet() + "/");
    }
}
