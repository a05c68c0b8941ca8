package dev.writeback.core.testing;

import dev.writeback.core.store.SecretVault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Secrets in memory; {@link #names()} and {@link #values()} let a test check what was (not) stored. */
public final class InMemoryVault implements SecretVault {
    private final TreeMap<String, String> secrets = new TreeMap<>();

    @Override
    public synchronized void put(String name, String value) {
        secrets.put(name, value);
    }

    @Override
    public synchronized Optional<String> get(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    @Override
    public synchronized void delete(String name) {
        secrets.remove(name);
    }

    public synchronized Set<String> names() {
        return Set.copyOf(secrets.keySet());
    }

    public synchronized Map<String, String> values() {
        return Map.copyOf(secrets);
    }
}
