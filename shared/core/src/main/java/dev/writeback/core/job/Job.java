package dev.writeback.core.job;

import java.time.Instant;
import java.util.Map;

/**
 * A published connector version + a connected account + a report and parameter values, run on
 * demand or on a schedule. A job pins the connector version it was created with.
 */
public record Job(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
                  String accountId, String name, String report, Map<String, String> parameters, Schedule schedule,
                  RetryPolicy retry, JobStatus status, Instant createdAt, Instant updatedAt, long revision) {
    public Job {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        retry = retry == null ? RetryPolicy.NONE : retry;
        status = status == null ? JobStatus.ACTIVE : status;
    }

    public Job withRevision(long r) {
        return new Job(id, companyId, ownerUserId, connectorId, connectorVersion, accountId, name, report, parameters,
                schedule, retry, status, createdAt, updatedAt, r);
    }
}
