package dev.writeback.core.output;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.RowCursor;
import java.util.List;

/**
 * What a write would have done, computed without writing: the rows, the bytes the target would have received (the
 * encoded file, or the bodies of the HTTP batches), how many requests or objects that takes, and the first rows.
 *
 * @param location where the output would have gone
 * @param requests HTTP batches that would have been sent, or 1 object or file (0 when nothing would be published)
 * @param published false when the result was empty and the target would have been left as it was
 */
public record WritePreview(String location, String format, long rows, long bytes, long requests, boolean published,
                           List<Column> columns, List<List<Object>> firstRows) {
    public WritePreview {
        columns = List.copyOf(columns);
        firstRows = List.copyOf(firstRows);
    }

    /** Computes previews with the real writers' encoders. */
    public interface Maker {
        /** Reads every row of {@code rows} (the caller closes the cursor) and keeps the first {@code keep} of them. */
        WritePreview preview(WriteSpec spec, RowCursor rows, int keep);
    }
}
