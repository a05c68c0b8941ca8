package dev.writeback.core.run;

import dev.writeback.core.account.SecretRedactor;
import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.WritebackException;
import dev.writeback.core.script.CancelSignal;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.store.BlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Records how a run ended: its log (always) and its output datagrid as CSV (when the script made one) go
 * to the blob store, the final record to the table with the first rows of the output. A cancel request
 * that landed on the record meanwhile is kept.
 */
final class RunRecorder {
    /** Longest text cell kept in the run record, and the record's budget for output cells. */
    static final int OUTPUT_CELL_CHARS = 1_000;
    static final int OUTPUT_BYTES_IN_RECORD = 64 * 1024;

    private final RunRepository runs;
    private final BlobStore blobs;
    private final Clock clock;

    RunRecorder(RunRepository runs, BlobStore blobs, Clock clock) {
        this.runs = runs;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** Blob key of a run's log. */
    static String logKey(String runId) {
        return "runs/" + runId + "/log.txt";
    }

    /**
     * Records a run whose script ran: SUCCEEDED, or as its script error says (CANCELLED when a cancel was
     * asked for, TIMED_OUT past the deadline, else FAILED; a script that ended on the data plane's failure
     * failed at the Domo step).
     */
    Run finish(Run running, ProcessOutcome outcome, long rowsRead, StringBuilder log, CancelSignal cancel,
               WritebackException dataFailure, SecretRedactor redactor) {
        DataGrid grid = outcome.grid() == null ? DataGrid.empty() : outcome.grid();
        String outputKey = null;
        if (!grid.columns().isEmpty()) {
            outputKey = "runs/" + running.id() + "/output.csv";
            blobs.put(outputKey, DataGridCsv.write(grid).getBytes(StandardCharsets.UTF_8), "text/csv");
        }
        ScriptError err = outcome.error();
        RunStatus status = err == null ? RunStatus.SUCCEEDED
                : err.kind() == ScriptError.Kind.CANCELLED || cancel.cancelled() ? RunStatus.CANCELLED
                : err.kind() == ScriptError.Kind.DEADLINE ? RunStatus.TIMED_OUT : RunStatus.FAILED;
        String message = err == null ? null : status == RunStatus.CANCELLED && err.kind() != ScriptError.Kind.CANCELLED
                ? cancel.reason() + "; the script then stopped with: " + err.message() : err.message();
        if (err != null) {
            log.append("[script] ").append(err.describe());
            if (err.code() != null) {
                log.append(" (datagrid.error code ").append(err.code()).append(')');
            }
            log.append('\n');
        }
        String logKey = writeLog(running, log);
        DataGrid head = head(grid);
        Run done = running.toBuilder().status(status).endedAt(clock.instant()).leaseExpiresAt(null).progress(null)
                .rowsRead(rowsRead).rowsWritten(grid.rows().size() + outcome.rowsWritten())
                .bytesWritten(outcome.http().bytesSent()).requests(outcome.http().requests())
                .output(head).outputKey(outputKey).logKey(logKey)
                .error(err == null ? null : status == RunStatus.FAILED && endedOn(err, dataFailure, redactor)
                        ? new RunError("domo", dataFailure.problemType(), redactor.apply(dataFailure.getMessage()), err.script(), err.line(),
                        err.column())
                        : new RunError("script", status == RunStatus.CANCELLED ? "CANCELLED" : err.kind().name(), message,
                        err.script(), err.line(), err.column(), err.code()))
                .build();
        return writeFinal(done);
    }

    /** Records a run that failed before or outside its script. */
    Run fail(Run running, RunError error, long rowsRead, StringBuilder log) {
        return end(running, RunStatus.FAILED, error, rowsRead, log);
    }

    /** Records a run that ended before or outside its script, with the status given. */
    Run end(Run running, RunStatus status, RunError error, long rowsRead, StringBuilder log) {
        String logKey = writeLog(running, log);
        return writeFinal(running.toBuilder().status(status).endedAt(clock.instant()).leaseExpiresAt(null).progress(null)
                .rowsRead(rowsRead).error(error).logKey(logKey).build());
    }

    /**
     * The first rows of the output for the run record, within a byte budget (a table item is at most
     * 400 KB): long cells are shortened; the whole grid is in the output blob.
     */
    static DataGrid head(DataGrid grid) {
        List<List<Object>> rows = new ArrayList<>();
        int budget = OUTPUT_BYTES_IN_RECORD;
        boolean cut = grid.rows().size() > RunService.OUTPUT_ROWS_IN_RECORD;
        for (List<Object> row : grid.rows().subList(0, Math.min(grid.rows().size(), RunService.OUTPUT_ROWS_IN_RECORD))) {
            List<Object> kept = new ArrayList<>(row.size());
            for (Object cell : row) {
                if (cell instanceof String text && text.length() > OUTPUT_CELL_CHARS) {
                    kept.add(text.substring(0, OUTPUT_CELL_CHARS) + "…");
                    cut = true;
                } else {
                    kept.add(cell);
                }
                budget -= cell == null ? 4 : Math.min(String.valueOf(cell).length(), OUTPUT_CELL_CHARS) + 4;
            }
            if (budget < 0) {
                cut = true;
                break;
            }
            rows.add(kept);
        }
        return cut ? new DataGrid(grid.columns(), rows, true) : grid;
    }

    /** The script ended on the data plane's failure (it did not catch it): the failure is Domo's, not the script's. */
    private static boolean endedOn(ScriptError err, WritebackException dataFailure, SecretRedactor redactor) {
        return dataFailure != null && err.kind() == ScriptError.Kind.RUNTIME && dataFailure.getMessage() != null
                && err.message().contains(redactor.apply(dataFailure.getMessage()));
    }

    private String writeLog(Run running, StringBuilder log) {
        String logKey = logKey(running.id());
        blobs.put(logKey, log.toString().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        return logKey;
    }

    /**
     * Writes the final record. If the record changed meanwhile — the lease renewed by the heartbeat, or a cancel
     * request landed — it is written on the current revision, keeping the cancel request. If it has ended
     * meanwhile (the sweep found the run lost, or a cancel ended it while its lease had lapsed), that end stands.
     */
    private Run writeFinal(Run done) {
        Run next = done;
        for (int attempt = 0; ; attempt++) {
            try {
                return runs.update(next);
            } catch (ConflictException changed) {
                Run current = runs.get(done.id());
                if (current.status().finished() || attempt >= 5) {
                    return current.status().finished() ? current : runs.update(next.toBuilder()
                            .revision(current.revision()).build());
                }
                next = done.toBuilder().revision(current.revision()).cancelRequested(current.cancelRequested())
                        .cancelRequestedBy(current.cancelRequestedBy()).cancelRequestedAt(current.cancelRequestedAt())
                        .build();
            }
        }
    }
}
