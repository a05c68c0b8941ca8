package dev.writeback.core.changes;

/**
 * What a {@code CHANGES} or {@code APPEND} run found against the last successful run (on the run record).
 *
 * @param added rows whose key the last successful run did not see (APPEND: rows past the watermark)
 * @param changed rows whose key it saw with other values
 * @param removed keys it saw that are gone
 * @param unchanged rows it saw as they are (APPEND: rows at or below the watermark)
 * @param reset true when there was no usable snapshot (first run, resend-all, or the key columns, change query,
 *              watermark column or DataSet changed): every row counts as added
 */
public record ChangeCounts(WriteMode writeMode, long added, long changed, long removed, long unchanged, boolean reset) {
}
