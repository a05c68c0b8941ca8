package dev.writeback.core.changes;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import dev.writeback.core.job.Job;
import dev.writeback.core.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The difference a {@code CHANGES} or {@code APPEND} run sends: {@link #prepare} reads the job's change query over its
 * DataSet once, compares it with the snapshot of the last successful run and leaves the result on local disk;
 * {@link #commit} keeps the new snapshot once the run SUCCEEDED. A run that fails, is cancelled or times out never
 * commits, so its difference is sent again by the next run.
 */
public final class JobChanges {
    private final ChangeSnapshots snapshots;
    private final long sortMemoryBytes;

    public JobChanges(BlobStore blobs) {
        this(blobs, ChangeDiff.DEFAULT_SORT_MEMORY);
    }

    /** @param sortMemoryBytes rows held in memory before the sort spills them to disk */
    public JobChanges(BlobStore blobs, long sortMemoryBytes) {
        this.snapshots = new ChangeSnapshots(blobs);
        this.sortMemoryBytes = sortMemoryBytes;
    }

    /**
     * Diffs the job's change query against its last successful run. Lines for the run log are appended to {@code log}.
     *
     * @param datasetId the job's DataSet ({@code datasetId} parameter)
     * @param stillWanted throws when the run must stop (deadline, cancel); called every few thousand rows
     */
    public ChangeSet prepare(Job job, String datasetId, String runId, DataPlane plane, Runnable stillWanted, StringBuilder log) {
        Incremental settings = job.incremental();
        if (datasetId == null || datasetId.isBlank()) {
            throw new InvalidInputException("writeMode " + settings.writeMode() + " needs the job's datasetId parameter: the DataSet whose changes are sent");
        }
        String fingerprint = settings.fingerprint(datasetId);
        Optional<ChangeSnapshots.Pointer> last = snapshots.current(job.id());
        boolean settingsChanged = last.isPresent() && !last.get().fingerprint().equals(fingerprint);
        Optional<ChangeSnapshots.Pointer> usable = settingsChanged ? Optional.empty() : last;
        if (settingsChanged) {
            log.append("[changes] the DataSet, write mode, change query, key columns or watermark column changed since the last"
                    + " successful run: its snapshot no longer applies, so this run sends every row\n");
        } else if (last.isEmpty()) {
            log.append("[changes] no snapshot yet (first run, or after resend-all): this run sends every row\n");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("writeback-changes-");
        } catch (IOException e) {
            throw new UncheckedIOException("no room for the change files in the temporary directory", e);
        }
        try (RowCursor rows = plane.openQuery(datasetId, settings.changeQuery())) {
            ChangeDiff diff = new ChangeDiff(dir, sortMemoryBytes, stillWanted);
            ChangeSet set = switch (settings.writeMode()) {
                case CHANGES -> changes(job, datasetId, runId, settings, fingerprint, usable, rows, diff, dir, log);
                case APPEND -> append(job, datasetId, runId, settings, fingerprint, usable, rows, diff, dir, log);
                case ALL -> throw new IllegalArgumentException("a job in writeMode ALL has no changes");
            };
            ChangeCounts c = set.counts();
            log.append("[changes] ").append(settings.writeMode()).append(" over ").append(datasetId).append(": ")
                    .append(c.added()).append(" added, ").append(c.changed()).append(" changed, ").append(c.removed())
                    .append(" removed, ").append(c.unchanged()).append(" unchanged\n");
            return set;
        } catch (RuntimeException | Error e) {
            ChangeSet.deleteTree(dir);
            throw e;
        }
    }

    private ChangeSet changes(Job job, String datasetId, String runId, Incremental settings, String fingerprint,
                              Optional<ChangeSnapshots.Pointer> lastRun, RowCursor rows, ChangeDiff diff, Path dir,
                              StringBuilder log) {
        String key = ChangeSnapshots.snapshotKey(job.id(), runId);
        Optional<ChangeSnapshots.Pointer> last = lastRun;
        InputStream previousSnapshot = null;
        if (last.isPresent()) {
            try {
                previousSnapshot = snapshots.open(last.get());
            } catch (NotFoundException gone) {
                log.append("[changes] the last successful run's snapshot ").append(last.get().snapshotKey())
                        .append(" is gone from the bucket: this run sends every row\n");
                last = Optional.empty();
            }
        }
        BlobStore.Upload upload = snapshots.upload(job.id(), runId);
        ChangeDiff.Outcome outcome;
        try (InputStream previous = previousSnapshot) {
            outcome = diff.changes(rows, settings.keyColumns(), previous, upload);
            upload.close();
        } catch (IOException e) {
            upload.abort();
            throw new UncheckedIOException("the change snapshot could not be read or written", e);
        } catch (RuntimeException | Error e) {
            upload.abort();
            throw e;
        }
        ChangeCounts counts = new ChangeCounts(WriteMode.CHANGES, outcome.added(), outcome.changed(), outcome.removed(),
                outcome.unchanged(), last.isEmpty());
        return new ChangeSet(job.id(), datasetId, settings, outcome.columns(), outcome.keyColumns(), counts, dir, snapshots,
                new ChangeSnapshots.Pointer(fingerprint, key, null, outcome.rows(), runId));
    }

    private ChangeSet append(Job job, String datasetId, String runId, Incremental settings, String fingerprint,
                             Optional<ChangeSnapshots.Pointer> last, RowCursor rows, ChangeDiff diff, Path dir, StringBuilder log) {
        ChangeDiff.Outcome outcome = diff.append(rows, settings.watermarkColumn(), last.map(ChangeSnapshots.Pointer::watermark).orElse(null));
        if (outcome.previousUnusable()) {
            log.append("[changes] the last watermark (").append(last.get().watermark()).append(") no longer reads as column ")
                    .append(settings.watermarkColumn()).append("'s type: this run sends every row\n");
        } else if (last.isPresent() && last.get().watermark() != null) {
            log.append("[changes] rows with ").append(settings.watermarkColumn()).append(" > ").append(last.get().watermark())
                    .append('\n');
        }
        ChangeCounts counts = new ChangeCounts(WriteMode.APPEND, outcome.added(), 0, 0, outcome.unchanged(),
                last.isEmpty() || last.get().watermark() == null || outcome.previousUnusable());
        return new ChangeSet(job.id(), datasetId, settings, outcome.columns(), outcome.keyColumns(), counts, dir, snapshots,
                new ChangeSnapshots.Pointer(fingerprint, null, outcome.watermark(), outcome.rows(), runId));
    }

    /** Keeps the run's snapshot (or watermark) for the next run: call only when the run SUCCEEDED. */
    public void commit(ChangeSet changes) {
        changes.commit();
    }

    /** Forgets the job's snapshot and watermark: the next run sends every row. */
    public void reset(String jobId) {
        snapshots.reset(jobId);
    }
}
