package dev.writeback.core.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published connector version + a connected account + a report and parameter values, run on
 * demand or on a schedule. A job pins the connector version it was created with.
 *
 * @param domoClientKey the job's own Domo API client (its secret is in the vault), or null when the job
 *                      reads with the connector's client — allowed only in the company that published it
 * @param selections the values of tree (multi-select) DISCOVERY parameters: name → the chosen nodes' names
 */
public record Job(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
                  String accountId, String name, String report, Map<String, String> parameters, Schedule schedule,
                  JobRetryPolicy retry, JobStatus status, Instant createdAt, Instant updatedAt, long revision,
                  String domoClientKey, Map<String, List<String>> selections) {
    public Job {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        retry = retry == null ? JobRetryPolicy.NONE : retry;
        status = status == null ? JobStatus.ACTIVE : status;
        selections = selections == null ? Map.of() : Map.copyOf(selections);
    }

    /** A job without tree selections. */
    public Job(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
               String accountId, String name, String report, Map<String, String> parameters, Schedule schedule,
               JobRetryPolicy retry, JobStatus status, Instant createdAt, Instant updatedAt, long revision,
               String domoClientKey) {
        this(id, companyId, ownerUserId, connectorId, connectorVersion, accountId, name, report, parameters, schedule,
                retry, status, createdAt, updatedAt, revision, domoClientKey, null);
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
                schedule, retry, status, createdAt, updatedAt, r, domoClientKey, selections);
    }

    /** {@code metadata.parameters} of the job's runs: each parameter's string, and each tree parameter's array. */
    public Map<String, Object> scriptParameters() {
        Map<String, Object> all = new LinkedHashMap<>(parameters);
        all.putAll(selections);
        return all;
    }
}
