package dev.writeback.core.output;

import dev.writeback.core.data.RowCursor;

/**
 * The built-in streaming writers: write a query result, row by row, to a target (S3, an HTTP
 * endpoint in JSON batches, SFTP) in a format. Implementations never hold the whole result and
 * never leave a partial object at the final location.
 */
public interface OutputWriters {

    /**
     * Writes every row of {@code rows} (the caller closes the cursor). Bad options are an
     * {@code InvalidInputException}, an existing target that must not be overwritten a
     * {@code ConflictException}, a target that fails an {@code UpstreamException}: in each case
     * the previous output at the final location is left as it was.
     */
    WriteSummary write(WriteSpec spec, RowCursor rows);

    /** These writers bound to one run: every spec written through them carries {@code runId}. */
    default OutputWriters forRun(String runId) {
        OutputWriters writers = this;
        return (spec, rows) -> writers.write(spec.withRunId(runId), rows);
    }
}
