package dev.writeback.core.connector;

import java.util.Map;

/**
 * What a submitter gives reviewers to test-run a submitted version with: one of their accounts of the connector, or
 * the account fields of its auth type. Kept in the vault while the version is submitted; never shown to anyone.
 *
 * @param accountId the submitter's account of this connector, or null
 * @param fields the fields its auth type asks for, or null
 */
public record TestCredentials(String accountId, Map<String, String> fields) {
    public static final String ACCOUNT = "account";
    public static final String FIELDS = "fields";

    public TestCredentials {
        if ((accountId == null) == (fields == null)) {
            throw new IllegalArgumentException("Test credentials are an account or fields, exactly one.");
        }
        fields = fields == null ? null : Map.copyOf(fields);
    }

    /** How the version shows them: {@link #ACCOUNT} or {@link #FIELDS}. */
    public String kind() {
        return accountId != null ? ACCOUNT : FIELDS;
    }

    @Override
    public String toString() {
        return "TestCredentials[" + kind() + "]";
    }
}
