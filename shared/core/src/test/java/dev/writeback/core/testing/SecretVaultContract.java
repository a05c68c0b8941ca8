package dev.writeback.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.store.SecretVault;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every documented behaviour of {@link SecretVault}. An adapter's test extends this class and
 * supplies a fresh, empty vault per test.
 */
public abstract class SecretVaultContract {
    protected SecretVault vault;

    /** A new, empty vault (called before each test). */
    protected abstract SecretVault newVault() throws Exception;

    /** Releases what {@link #newVault()} made (called after each test). */
    protected void closeVault() throws Exception {
    }

    @BeforeEach
    final void openVault() throws Exception {
        vault = newVault();
    }

    @AfterEach
    final void releaseVault() throws Exception {
        closeVault();
    }

    @Test
    void putThenGetReturnsTheValue() {
        vault.put("connector/c-1/domo-client-secret", "s3cr3t");

        assertEquals(Optional.of("s3cr3t"), vault.get("connector/c-1/domo-client-secret"));
    }

    @Test
    void anAbsentSecretIsEmpty() {
        vault.put("connector/c-1/domo-client-secret", "s3cr3t");

        assertEquals(Optional.empty(), vault.get("connector/c-2/domo-client-secret"));
    }

    @Test
    void aSecondPutStoresANewCurrentValue() {
        vault.put("account/a-1/token", "{\"access_token\":\"one\"}");

        vault.put("account/a-1/token", "{\"access_token\":\"two\",\"refresh_token\":\"r\"}");
        vault.put("account/a-1/token", "{\"access_token\":\"three\"}");

        assertEquals(Optional.of("{\"access_token\":\"three\"}"), vault.get("account/a-1/token"));
    }

    @Test
    void deleteRemovesTheSecretAndItCanBeStoredAgain() {
        vault.put("account/a-1/password", "hunter2");

        vault.delete("account/a-1/password");
        assertEquals(Optional.empty(), vault.get("account/a-1/password"));

        vault.put("account/a-1/password", "correct horse");
        assertEquals(Optional.of("correct horse"), vault.get("account/a-1/password"));
    }

    @Test
    void deletingAnAbsentSecretIsNotAnError() {
        vault.delete("account/never/password");

        assertEquals(Optional.empty(), vault.get("account/never/password"));
    }

    @Test
    void secretsAreIndependent() {
        vault.put("a/1", "one");
        vault.put("a/2", "two");
        vault.put("a/1x", "one-x");

        vault.delete("a/1");

        assertEquals(Optional.empty(), vault.get("a/1"));
        assertEquals(Optional.of("two"), vault.get("a/2"));
        assertEquals(Optional.of("one-x"), vault.get("a/1x"));
    }

    @Test
    void valuesRoundTripExactly() {
        String value = "  multi\nline \"quoted\" ünïcødé 🔑 \\ tab\t end ";

        vault.put("oauth/c-1/client-secret", value);

        assertEquals(Optional.of(value), vault.get("oauth/c-1/client-secret"));
    }

    @Test
    void namesWithCharactersOutsideTheSecretsManagerSetAreRejected() {
        for (String bad : List.of("", "has space", "semi;colon", "ünï")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> vault.put(bad, "v"), bad);
            assertTrue(e.getMessage().contains("secret name"), e.getMessage());
        }
        vault.put("ok/A-z_0+9=.@-", "v");
        assertEquals(Optional.of("v"), vault.get("ok/A-z_0+9=.@-"));
    }
}
