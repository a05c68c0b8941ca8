package dev.writeback.core.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Keeps secrets that do not change once published (a published connector version's Domo and
 * OAuth client secrets) in memory for a while, so each run of a warm container does not ask the
 * vault again. Other names (account tokens, which refreshes rotate) always go to the vault; a write
 * or delete through this vault drops the cached copy.
 */
public final class CachingSecretVault implements SecretVault {
    private final SecretVault vault;
    private final Predicate<String> cacheable;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<String> value, Instant until) {
    }

    public CachingSecretVault(SecretVault vault, Predicate<String> cacheable, Duration ttl, Clock clock) {
        this.vault = vault;
        this.cacheable = cacheable;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Connector secrets (names under {@code connectors/}) for five minutes. */
    public static CachingSecretVault connectorSecrets(SecretVault vault, Clock clock) {
        return new CachingSecretVault(vault, name -> name.startsWith("connectors/"), Duration.ofMinutes(5), clock);
    }

    @Override
    public void put(String name, String value) {
        cache.remove(name);
        vault.put(name, value);
    }

    @Override
    public Optional<String> get(String name) {
        if (!cacheable.test(name)) {
            return vault.get(name);
        }
        Instant now = clock.instant();
        Cached hit = cache.get(name);
        if (hit != null && now.isBefore(hit.until())) {
            return hit.value();
        }
        Optional<String> value = vault.get(name);
        cache.put(name, new Cached(value, now.plus(ttl)));
        return value;
    }

    @Override
    public void delete(String name) {
        cache.remove(name);
        vault.delete(name);
    }
}
