package dev.writeback.core.account;

import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.time.Deadline;
import java.util.Map;

/**
 * Credentials for one run: the account's stored fields, with an OAuth access token that is
 * fresh (refreshed first when it is close to expiry). Throws
 * {@code InvalidStateException} when the account needs to be connected again.
 */
public interface RunCredentials {

    Map<String, String> forRun(Account account, ConnectorVersion connector, Deadline deadline);
}
