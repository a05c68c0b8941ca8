package dev.writeback.core.job;

import dev.writeback.core.Ordered;
import dev.writeback.core.alert.AlertRule;
import dev.writeback.core.changes.Incremental;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published connector version + a connected account + a report and parameter values, run on
 * demand or on a schedule. A job pins the connector version it was created with.
 *
 * @param parameters the parameter values, by name
 * @param domoClientKey the job's own Domo API client (its secret is in the vault), or null when the job
 *                      reads with the connector's client — allowed only in the company that published it
 * @param days the job's "last X days" setting ({@code metadata.days} when the connector has no Date-selector
 *             parameter), or null for the default, {@value #DEFAULT_DAYS}
 * @param lastSuccessfulRunStartedAt when the job's last SUCCEEDED run started ({@code metadata.lastRunDate}), or
 *                                   null before the first
 * @param selections the values of tree (multi-select) DISCOVERY parameters: name → the chosen nodes' names
 * @param alerts the job's alert rules (checked by {@link dev.writeback.core.alert.AlertRules} when saved)
 * @param incremental which rows its runs send: all ({@code writeMode ALL}, the default), or only what changed since the
 *                    last successful run ({@code CHANGES}, {@code APPEND})
 */
public record Job(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
                  String accountId, String name, String report, Map<String, String> parameters, Schedule schedule,
                  JobRetryPolicy retry, JobStatus status, Instant createdAt, Instant updatedAt, long revision,
                  String domoClientKey, Integer days, Instant lastSuccessfulRunStartedAt,
                  Map<String, List<String>> selections, List<AlertRule> alerts, Incremental incremental) {
    public static final int DEFAULT_DAYS = 1;

    public Job {
        parameters = Ordered.byKey(parameters);
        retry = retry == null ? JobRetryPolicy.NONE : retry;
        status = status == null ? JobStatus.ACTIVE : status;
        selections = selections == null ? Map.of() : Map.copyOf(selections);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        incremental = incremental == null ? Incremental.ALL : incremental;
    }

    /** A job with the default days, no tree selections, that has not succeeded yet. */
    public Job(String id, String companyId, String ownerUserId, String connectorId, int connectorVersion,
               String accountId, String name, String report, Map<String, String> parameters, Schedule schedule,
               JobRetryPolicy retry, JobStatus status, Instant createdAt, Instant updatedAt, long revision,
               String domoClientKey) {
        this(id, companyId, ownerUserId, connectorId, connectorVersion, accountId, name, report, parameters, schedule,
                retry, status, createdAt, updatedAt, revision, domoClientKey, null, null, null, null, null);
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
                schedule, retry, status, createdAt, updatedAt, r, domoClientKey, days, lastSuccessfulRunStartedAt,
                selections, alerts, incremental);
    }

    /** The job after a run that started at {@code startedAt} SUCCEEDED (an older run ending later does not move it back). */
    public Job withSuccessfulRunStartedAt(Instant startedAt) {
        Instant latest = lastSuccessfulRunStartedAt == null || startedAt.isAfter(lastSuccessfulRunStartedAt)
                ? startedAt : lastSuccessfulRunStartedAt;
        return new Job(id, companyId, ownerUserId, connectorId, connectorVersion, accountId, name, report, parameters,
                schedule, retry, status, createdAt, updatedAt, revision, domoClientKey, days, latest, selections, alerts,
                incremental);
    }

    /** {@code metadata.parameters} of the job's runs: each parameter's string, and each tree parameter's array. */
    public Map<String, Object> scriptParameters() {
        Map<String, Object> all = new LinkedHashMap<>(parameters);
        all.putAll(selections);
        return all;
    }
}
