package dev.writeback.core.connector;

/**
 * A field a user fills in when connecting an account of a custom-fields connector.
 *
 * @param key the key in {@code metadata.account}
 * @param label what the user sees
 * @param password whether the value is masked and treated as a secret
 */
public record CustomField(String key, String label, boolean password) {
}
