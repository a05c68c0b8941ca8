package dev.writeback.core.run;

import java.time.Instant;

/**
 * A run as its events tell it: ids, status, timings and counts, and why it did not succeed. Nothing of its
 * output rows, its log or the job's account: events leave the platform for whatever the user routes them to,
 * and the error message was redacted of the account's secrets when the run recorded it.
 */
public record RunSummary(String runId, String jobId, String companyId, String connectorId, int connectorVersion,
                         Trigger trigger, String triggerId, RunStatus status, Instant queuedAt, Instant startedAt,
                         Instant endedAt, Long durationMillis, long rowsRead, long rowsWritten, long bytesWritten,
                         long requests, boolean cancelRequested, RunError error) {

    public static RunSummary of(Run run) {
        return new RunSummary(run.id(), run.jobId(), run.companyId(), run.connectorId(), run.connectorVersion(),
                run.trigger(), run.triggerId(), run.status(), run.queuedAt(), run.startedAt(), run.endedAt(),
                run.durationMillis(), run.rowsRead(), run.rowsWritten(), run.bytesWritten(), run.requests(),
                run.cancelRequested(), run.error());
    }
}
