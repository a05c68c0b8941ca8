package dev.writeback.core.store;

import java.util.Optional;

/**
 * Secrets by name (Secrets Manager in AWS, a private file locally): Domo client secrets,
 * OAuth client secrets, account tokens and passwords. Values never leave through the API.
 */
public interface SecretVault {

    /** Creates the secret or stores a new current version of it. */
    void put(String name, String value);

    Optional<String> get(String name);

    /** Deletes the secret at once; deleting an absent secret is not an error. */
    void delete(String name);
}
