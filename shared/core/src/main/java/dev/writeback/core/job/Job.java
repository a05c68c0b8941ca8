package dev.writeback.core.job;

import dev.writeback.core.Ordered;
import java.time.Instant;
import java.util.Map;

/**
 * A published connector version + a connected account + a report and parameter values, run on
 * demand or on a schedule. A job pins the connector version it was created with.
 *
 * @param parameters the parameter values, by name
 * @param domoClientKey the job's own Domo API client (its secret is in the vault), or null when the job
 *                      reads with the connector's client — allowed only in the company that published it
 */
public record Job(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
                  String accountId, String name, String report, Map<String, String> parameters, Schedule schedule,
                  JobRetryPolicy retry, JobStatus status, Instant createdAt, Instant updatedAt, long revision,
                  String domoClientKey) {
    public Job {
        parameters = Ordered.byKey(parameters);
        retry = retry == null ? JobRetryPolicy.NONE : retry;
        status = status == null ? JobStatus.ACTIVE : status;
    }

    /** A job that reads with its connector's Domo client. */
    public Job(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
               String accountId, String name, String report, Map<String, String> parameters, Schedule schedule,
               JobRetryPolicy retry, JobStatus status, Instant createdAt, Instant updatedAt, long revision) {
        this(id, companyId, ownerUserId, connectorId, connectorVersion, accountId, name, report, parameters, schedule,
                retry, status, createdAt, updatedAt, revision, null);
    }

    public Job withRevision(long r) {
        return new Job(id, companyId, ownerUserId, connectorId, connectorVersion, accountId, name, report, parameters,
                schedule, retry, status, createdAt, updatedAt, r, domoClientKey);
    }
}
