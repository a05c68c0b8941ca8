package dev.writeback.testing.store;

import dev.writeback.core.store.SecretVault;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A SecretVault in memory, for tests whose subject is not the vault (the adapters pass {@link SecretVaultContract}). */
public final class MemoryVault implements SecretVault {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    @Override
    public void put(String name, String value) {
        secrets.put(name, value);
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    @Override
    public void delete(String name) {
        secrets.remove(name);
    }
}
