package dev.writeback.core.run;

import java.time.Instant;

/**
 * How far a RUNNING run has got, as its executor last wrote it to the record; the final counts replace it when the
 * run ends.
 */
public record RunProgress(long rowsRead, long rowsWritten, long requests, long bytesSent, Instant updatedAt) {
}
