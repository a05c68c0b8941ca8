package dev.writeback.core.data;

import java.util.List;

/**
 * A query result read one row at a time, so millions of rows can be pushed without being held.
 * Not thread-safe. Always closed by whoever opened it.
 */
public interface RowCursor extends AutoCloseable {

    List<Column> columns();

    /** Moves to the next row; false at the end. */
    boolean next();

    /** The current row's cells in column order (valid until the next call to {@link #next()}). */
    Object[] row();

    @Override
    void close();
}
