package dev.writeback.local.store;

import dev.writeback.core.store.SecretVault;
import dev.writeback.core.testing.SecretVaultContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SecretVault contract on the file adapter. */
class FileSecretVaultTest extends SecretVaultContract {
    @TempDir
    Path dir;

    @Override
    protected SecretVault newVault() {
        return new FileSecretVault(dir.resolve("secrets"));
    }
}
