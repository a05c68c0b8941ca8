package dev.writeback.core.output;

import dev.writeback.core.time.Deadline;
import java.time.Instant;
import java.util.Objects;

/**
 * One write request.
 *
 * @param runId the run writing (idempotency keys, rejects file); set by {@link OutputWriters#forRun}
 * @param now the instant {@code {date}} tokens are taken from (UTC)
 * @param deadline when the write must stop (it fails and publishes nothing)
 * @param datasetId the DataSet read, for {@code {datasetId}}
 * @param datasetName its name, for {@code {datasetName}}
 * @param allowEmpty publish even when there are no rows (otherwise an empty result leaves the target untouched)
 */
public record WriteSpec(String runId, Instant now, Deadline deadline, String datasetId, String datasetName,
                        Target target, Format format, boolean allowEmpty) {
    public WriteSpec {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
    }

    public WriteSpec withRunId(String id) {
        return new WriteSpec(id, now, deadline, datasetId, datasetName, target, format, allowEmpty);
    }
}
