package dev.writeback.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.testing.InMemoryVault;
import dev.writeback.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingSecretVaultTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final AtomicInteger reads = new AtomicInteger();
    private final InMemoryVault store = new InMemoryVault();
    private final SecretVault counting = new SecretVault() {
        @Override
        public void put(String name, String value) {
            store.put(name, value);
        }

        @Override
        public Optional<String> get(String name) {
            reads.incrementAndGet();
            return store.get(name);
        }

        @Override
        public void delete(String name) {
            store.delete(name);
        }
    };
    private final CachingSecretVault vault = CachingSecretVault.connectorSecrets(counting, clock);

    @Test
    void connectorSecretsAreReadOnceForFiveMinutes() {
        store.put("connectors/c1/v1/domo-client-secret", "s1");
        assertEquals(Optional.of("s1"), vault.get("connectors/c1/v1/domo-client-secret"));
        assertEquals(Optional.of("s1"), vault.get("connectors/c1/v1/domo-client-secret"));
        assertEquals(1, reads.get());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Optional.of("s1"), vault.get("connectors/c1/v1/domo-client-secret"));
        assertEquals(2, reads.get());
    }

    @Test
    void accountTokensAlwaysComeFromTheVaultAndWritesDropTheCachedCopy() {
        store.put("accounts/a1", "{\"accesstoken\":\"t1\"}");
        vault.get("accounts/a1");
        vault.get("accounts/a1");
        assertEquals(2, reads.get());

        vault.get("connectors/c1/v1/oauth-client-secret");
        vault.put("connectors/c1/v1/oauth-client-secret", "new");
        assertEquals(Optional.of("new"), vault.get("connectors/c1/v1/oauth-client-secret"));
        vault.delete("connectors/c1/v1/oauth-client-secret");
        assertEquals(Optional.empty(), vault.get("connectors/c1/v1/oauth-client-secret"));
    }
}
