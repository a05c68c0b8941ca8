package dev.writeback.core.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.writeback.core.job.Job;
import dev.writeback.core.script.DataGrid;
import java.time.Duration;
import java.time.Instant;

/**
 * The record of one run: what a user needs to understand it without reading logs.
 *
 * @param triggerId the schedule event id for scheduled runs, else null
 * @param leaseExpiresAt while RUNNING: when the executor's claim ends unless it renews it (its heartbeat); the sweep
 *                       ends a run still RUNNING after it FAILED at stage {@code lost}
 * @param rowsRead rows read from DataSets
 * @param rowsWritten rows written: the output datagrid's rows plus rows written by built-in writers
 * @param bytesWritten bytes sent in request bodies and by built-in writers
 * @param requests HTTP requests the script made
 * @param output the first rows of the output datagrid (the whole grid is at {@code outputKey})
 * @param logKey blob key of the run's log
 * @param outputKey blob key of the output datagrid as CSV, or null when there was none
 * @param cancelRequested someone asked to cancel the run
 * @param cancelRequestedBy the user who asked to cancel it, or null
 * @param cancelRequestedAt when they asked, or null
 * @param progress while RUNNING, the counts its executor last reported; null before the first report and once ended
 */
public record Run(String id, String jobId, String companyId, Trigger trigger, String triggerId, String connectorId,
                  int connectorVersion, RunStatus status, Instant queuedAt, Instant startedAt, Instant endedAt,
                  Instant leaseExpiresAt, long rowsRead, long rowsWritten, long bytesWritten, long requests,
                  DataGrid output, RunError error, String logKey, String outputKey, boolean cancelRequested,
                  String cancelRequestedBy, Instant cancelRequestedAt, long revision, RunProgress progress) {

    /** A run without a progress report. */
    public Run(String id, String jobId, String companyId, Trigger trigger, String triggerId, String connectorId,
               int connectorVersion, RunStatus status, Instant queuedAt, Instant startedAt, Instant endedAt,
               Instant leaseExpiresAt, long rowsRead, long rowsWritten, long bytesWritten, long requests,
               DataGrid output, RunError error, String logKey, String outputKey, boolean cancelRequested,
               String cancelRequestedBy, Instant cancelRequestedAt, long revision) {
        this(id, jobId, companyId, trigger, triggerId, connectorId, connectorVersion, status, queuedAt, startedAt, endedAt,
                leaseExpiresAt, rowsRead, rowsWritten, bytesWritten, requests, output, error, logKey, outputKey,
                cancelRequested, cancelRequestedBy, cancelRequestedAt, revision, null);
    }

    /**
     * A run of a job just claimed: QUEUED at {@code queuedAt} on the job's pinned connector version, nothing
     * counted or recorded yet.
     *
     * @param triggerId the schedule event id for scheduled runs, else null
     */
    public static Run queued(String id, Job job, Trigger trigger, String triggerId, Instant queuedAt) {
        return new Run(id, job.id(), job.companyId(), trigger, triggerId, job.connectorId(), job.connectorVersion(),
                RunStatus.QUEUED, queuedAt, null, null, null, 0, 0, 0, 0, null, null, null, null, false, null, null, 0);
    }

    @JsonProperty(value = "durationMillis", access = JsonProperty.Access.READ_ONLY)
    public Long durationMillis() {
        if (startedAt == null || endedAt == null) {
            return null;
        }
        return Duration.between(startedAt, endedAt).toMillis();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a run so the pipeline can change a few fields. */
    public static final class Builder {
        private final Run r;
        private RunStatus status;
        private Instant startedAt;
        private Instant endedAt;
        private Instant leaseExpiresAt;
        private long rowsRead;
        private long rowsWritten;
        private long bytesWritten;
        private long requests;
        private DataGrid output;
        private RunError error;
        private String logKey;
        private String outputKey;
        private boolean cancelRequested;
        private String cancelRequestedBy;
        private Instant cancelRequestedAt;
        private long revision;
        private RunProgress progress;

        private Builder(Run r) {
            this.r = r;
            status = r.status;
            startedAt = r.startedAt;
            endedAt = r.endedAt;
            leaseExpiresAt = r.leaseExpiresAt;
            rowsRead = r.rowsRead;
            rowsWritten = r.rowsWritten;
            bytesWritten = r.bytesWritten;
            requests = r.requests;
            output = r.output;
            error = r.error;
            logKey = r.logKey;
            outputKey = r.outputKey;
            cancelRequested = r.cancelRequested;
            cancelRequestedBy = r.cancelRequestedBy;
            cancelRequestedAt = r.cancelRequestedAt;
            revision = r.revision;
            progress = r.progress;
        }

        public Builder status(RunStatus v) { status = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        public Builder endedAt(Instant v) { endedAt = v; return this; }
        public Builder leaseExpiresAt(Instant v) { leaseExpiresAt = v; return this; }
        public Builder rowsRead(long v) { rowsRead = v; return this; }
        public Builder rowsWritten(long v) { rowsWritten = v; return this; }
        public Builder bytesWritten(long v) { bytesWritten = v; return this; }
        public Builder requests(long v) { requests = v; return this; }
        public Builder output(DataGrid v) { output = v; return this; }
        public Builder error(RunError v) { error = v; return this; }
        public Builder logKey(String v) { logKey = v; return this; }
        public Builder outputKey(String v) { outputKey = v; return this; }
        public Builder cancelRequested(boolean v) { cancelRequested = v; return this; }
        public Builder cancelRequestedBy(String v) { cancelRequestedBy = v; return this; }
        public Builder cancelRequestedAt(Instant v) { cancelRequestedAt = v; return this; }
        public Builder revision(long v) { revision = v; return this; }
        public Builder progress(RunProgress v) { progress = v; return this; }

        public Run build() {
            return new Run(r.id, r.jobId, r.companyId, r.trigger, r.triggerId, r.connectorId, r.connectorVersion,
                    status, r.queuedAt, startedAt, endedAt, leaseExpiresAt, rowsRead, rowsWritten, bytesWritten,
                    requests, output, error, logKey, outputKey, cancelRequested, cancelRequestedBy,
                    cancelRequestedAt, revision, progress);
        }
    }
}
