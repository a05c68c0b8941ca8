package dev.writeback.core.scratch;

import java.util.List;
import java.util.Map;

/**
 * A job's scratch database, open for one run: what the {@code sql} global of a data-processing script works on.
 * Names are table and column identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 64 characters); values are what
 * JSON gives (strings, numbers, booleans, null) and are converted to each column's type. A bad argument is an
 * {@code InvalidInputException} whose message the script sees; the database stays as it was before that call.
 */
public interface ScratchDatabase extends AutoCloseable {

    /** Creates {@code table}; if it exists, nothing happens when {@code ifNotExists}, else it is an error. */
    void createTable(String table, Map<String, ScratchColumnType> schema, boolean ifNotExists);

    /** Rows of {@code table} matching {@code where} (in insertion order; by the selected columns when distinct). */
    List<Map<String, Object>> select(List<String> columns, String table, ScratchWhere where, boolean distinct);

    /** Inserts one row; columns left out are null. */
    void insert(String table, Map<String, Object> values);

    /** Sets {@code values} on the rows matching {@code where}; returns how many rows matched. */
    long update(String table, Map<String, Object> values, ScratchWhere where);

    /** Deletes the rows matching {@code where}; returns how many. */
    long delete(String table, ScratchWhere where);

    /** Every table (by name) with every row. */
    Map<String, List<Map<String, Object>>> export();

    /** The whole database as one file's bytes, to open again with {@link ScratchDatabases#open}. Closes it. */
    byte[] snapshot();

    /** Closes it and removes its files; later calls fail. */
    @Override
    void close();
}
