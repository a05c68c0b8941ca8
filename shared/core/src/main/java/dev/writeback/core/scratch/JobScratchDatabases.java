package dev.writeback.core.scratch;

import dev.writeback.core.Limits;
import dev.writeback.core.connector.ConnectorVersion;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.job.Job;
import dev.writeback.core.store.BlobStore;

/**
 * Each job's scratch database between runs: a run opens the job's saved database when its connector saves the
 * database between runs (else an empty one), and only a run whose script succeeded writes it back, so a failed run
 * leaves the previous state.
 */
public final class JobScratchDatabases {
    private final ScratchDatabases engine;
    private final BlobStore blobs;

    public JobScratchDatabases(ScratchDatabases engine, BlobStore blobs) {
        this.engine = engine;
        this.blobs = blobs;
    }

    /** Where a job's saved database is kept. */
    public static String key(String jobId) {
        return "jobs/" + jobId + "/scratch-database.mv.db";
    }

    /** The database this run of {@code job} starts with. */
    public ScratchDatabase open(Job job, ConnectorVersion connector) {
        byte[] saved = connector.saveDatabaseBetweenRuns()
                ? blobs.get(key(job.id())).map(BlobStore.Blob::bytes).orElse(null) : null;
        return engine.open(saved, Limits.SCRATCH_DATABASE_BYTES);
    }

    /**
     * After the script succeeded: keeps the database for the next run when the connector asks for it. A database
     * that cannot be kept leaves the previous one and says so in the run's log; the run stays successful, as its
     * writes have happened.
     */
    public void keep(Job job, ConnectorVersion connector, ScratchDatabase database, StringBuilder log) {
        if (!connector.saveDatabaseBetweenRuns()) {
            return;
        }
        try {
            blobs.put(key(job.id()), database.snapshot(), "application/octet-stream");
        } catch (WritebackException e) {
            log.append("[sql] the scratch database was not kept for the next run: ").append(e.getMessage()).append('\n');
        }
    }
}
