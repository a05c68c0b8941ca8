package dev.writeback.aws.secrets;

import dev.writeback.aws.LocalStack;
import dev.writeback.core.store.SecretVault;
import dev.writeback.core.testing.SecretVaultContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The SecretVault contract on LocalStack's Secrets Manager; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class SecretsManagerVaultLocalStackIT extends SecretVaultContract {
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    protected SecretVault newVault() {
        return new SecretsManagerVault(LocalStack.clients().secretsManager(), "writeback/test-" + RUNS.incrementAndGet() + "/");
    }
}
