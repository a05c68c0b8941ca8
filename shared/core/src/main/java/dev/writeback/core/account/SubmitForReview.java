package dev.writeback.core.account;

import dev.writeback.core.Limits;
import dev.writeback.core.access.Caller;
import dev.writeback.core.connector.AuthType;
import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.connector.TestCredentials;
import dev.writeback.core.connector.Visibility;
import dev.writeback.core.error.InvalidInputException;
import java.util.Map;

/**
 * Submitting a connector for review with the test credentials reviewers try it with: one of the submitter's
 * connected accounts of this connector, or the fields its auth type asks for. They are checked here and kept as
 * secrets by {@link ConnectorService#submit(Caller, String, Visibility, TestCredentials)}.
 */
public final class SubmitForReview {
    private final ConnectorService connectors;
    private final AccountService accounts;

    public SubmitForReview(ConnectorService connectors, AccountService accounts) {
        this.connectors = connectors;
        this.accounts = accounts;
    }

    public ConnectorVersion submit(Caller caller, String connectorId, Visibility visibility, String testAccountId,
                                   Map<String, String> testFields) {
        Limits.chars("connectorId", connectorId, Limits.NAME_CHARS);
        if (testFields != null && testFields.isEmpty()) {
            testFields = null; // what generated clients send for "no fields"
        }
        if (testAccountId != null && testFields != null) {
            throw new InvalidInputException("Give either testAccountId or testFields, not both.");
        }
        TestCredentials credentials = null;
        if (testAccountId != null) {
            Limits.chars("testAccountId", testAccountId, Limits.NAME_CHARS);
            accounts.connected(caller, testAccountId, connectorId);
            credentials = new TestCredentials(testAccountId, null);
        } else if (testFields != null) {
            Limits.map("testFields", testFields, Limits.FIELDS, Limits.NAME_CHARS, Limits.FIELD_VALUE_CHARS);
            ConnectorVersion latest = connectors.ownCompanyVersion(caller, connectorId, null);
            AuthType type = latest.authentication().type();
            if (type == AuthType.OAUTH2 || type == AuthType.NONE) {
                throw new InvalidInputException("testFields are for connectors authenticating with fields; connector "
                        + connectorId + " uses " + type + (type == AuthType.OAUTH2
                        ? ": give testAccountId, an account you connected through POST /oauth/start." : "."));
            }
            credentials = new TestCredentials(null, AccountService.requiredFields(latest, testFields));
        }
        return connectors.submit(caller, connectorId, visibility, credentials);
    }
}
