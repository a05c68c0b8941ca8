package dev.writeback.core.job;

import dev.writeback.core.connector.ConnectorService;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.DomoCredentialsVerifier;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.store.SecretVault;
import java.util.List;

/**
 * Which Domo API client a job reads DataSets with. A connector's own Domo client belongs to the
 * company that published it: it serves that company's jobs only. A job of another company (on a
 * public connector) reads its own company's DataSets with its own company's Domo client, given with
 * the job — otherwise any company could read the publisher's DataSets.
 */
public final class JobDomoClients {
    private final ConnectorService connectors;
    private final SecretVault vault;
    private final DomoCredentialsVerifier verifier;

    public JobDomoClients(ConnectorService connectors, SecretVault vault, DomoCredentialsVerifier verifier) {
        this.connectors = connectors;
        this.vault = vault;
        this.verifier = verifier;
    }

    /** A Domo API client as a caller gives it with a job. */
    public record DomoClientRequest(String clientKey, String clientSecret) {
        @Override
        public String toString() {
            return "DomoClientRequest[clientKey=" + clientKey + ", clientSecret=***]";
        }
    }

    public static String secretName(String jobId) {
        return "jobs/" + jobId + "/domo-client-secret";
    }

    /**
     * Checks a job's Domo client before the job is stored: required when the job's company did not
     * publish the connector; verified with Domo when given. Returns the credentials to check the
     * input DataSet with.
     */
    public DomoCredentials check(String jobCompany, ConnectorVersion connector, DomoClientRequest given) {
        if (given != null) {
            DomoCredentials.requireWellFormed("domoClient", given.clientKey(), given.clientSecret());
            DomoCredentials credentials = new DomoCredentials(given.clientKey(), given.clientSecret(), List.of("data"));
            verifier.verify(credentials);
            return credentials;
        }
        if (!jobCompany.equals(connector.companyId())) {
            throw new InvalidInputException("Connector " + connector.connectorId() + " is published by another company; "
                    + "a job on it reads your DataSets with your company's Domo API client: give domoClient "
                    + "{clientKey, clientSecret}.");
        }
        return connectorClient(connector);
    }

    /** Keeps a job's own Domo client secret (after the job is stored). */
    public void store(String jobId, DomoClientRequest given) {
        vault.put(secretName(jobId), given.clientSecret());
    }

    public void forget(String jobId) {
        vault.delete(secretName(jobId));
    }

    /** The Domo client a run of the job reads with. */
    public DomoCredentials forRun(Job job, ConnectorVersion connector) {
        if (job.domoClientKey() != null) {
            String secret = vault.get(secretName(job.id())).orElseThrow(() -> new InvalidStateException(
                    "The Domo client secret of job " + job.id() + " is missing; give the job's domoClient again."));
            return new DomoCredentials(job.domoClientKey(), secret, List.of("data"));
        }
        if (!job.companyId().equals(connector.companyId())) {
            throw new InvalidStateException("Job " + job.id() + " runs connector " + connector.connectorId()
                    + ", published by another company, without its own company's Domo API client; give the job a domoClient.");
        }
        return connectorClient(connector);
    }

    /** The connector's own Domo client (what its company's test runs read with). */
    public DomoCredentials connectorClient(ConnectorVersion connector) {
        if (connector.domo() == null) {
            throw new InvalidStateException("Connector " + connector.connectorId() + " has no Domo API client.");
        }
        String secret = connectors.domoSecret(connector).orElseThrow(() -> new InvalidStateException(
                "The Domo client secret of connector " + connector.connectorId() + " is missing; set the Domo client again."));
        return new DomoCredentials(connector.domo().clientKey(), secret, List.of("data"));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
