package dev.writeback.core.testing;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.store.SecretVault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Secrets in memory, held to {@link SecretVaultContract} like the real adapters (names are 1 to 512
 * of Secrets Manager's characters); {@link #names()} and {@link #values()} let a test check what was
 * (not) stored.
 */
public final class InMemoryVault implements SecretVault {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

    private final TreeMap<String, String> secrets = new TreeMap<>();

    @Override
    public synchronized void put(String name, String value) {
        secrets.put(checked(name), value);
    }

    @Override
    public synchronized Optional<String> get(String name) {
        return Optional.ofNullable(secrets.get(checked(name)));
    }

    @Override
    public synchronized void delete(String name) {
        secrets.remove(checked(name));
    }

    public synchronized Set<String> names() {
        return Set.copyOf(secrets.keySet());
    }

    public synchronized Map<String, String> values() {
        return Map.copyOf(secrets);
    }

    private static String checked(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("The secret name '" + name
                    + "' must be 1 to 512 letters, digits or / _ + = . @ - characters.");
        }
        return name;
    }
}
