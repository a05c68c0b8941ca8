package dev.writeback.core.testing;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DataSets held in memory, or made row by row on demand and never held (for millions of rows), held
 * to {@link DataPlaneContract} like the Calcite data plane. SQL is the sql module's job: this double
 * runs only {@code select * from tbl} (or {@code table}, or the back-quoted DataSet id) with an optional
 * {@code limit N}, and refuses anything else as a bad query. It records the queries it was asked and
 * counts open cursors.
 */
public final class InMemoryDataPlane implements DataPlane {
    private static final Pattern SELECT_ALL = Pattern.compile("select \\* from (tbl|table|`([^`]+)`)(?: limit (\\d+))?");

    private record Table(Dataset dataset, long size, LongFunction<Object[]> rowAt) {
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<String> queries = new ArrayList<>();
    private long rowsRead;
    private int openCursors;

    /** Adds a DataSet of these rows. */
    public InMemoryDataPlane add(String id, String name, List<Column> schema, List<List<Object>> rows) {
        List<Object[]> copy = rows.stream().map(List::toArray).toList();
        return add(id, name, schema, copy.size(), i -> copy.get((int) i).clone());
    }

    /** Adds a DataSet of {@code size} rows, each made when a query reaches it. */
    public synchronized InMemoryDataPlane add(String id, String name, List<Column> schema, long size, LongFunction<Object[]> rowAt) {
        tables.put(id, new Table(new Dataset(id, name, name + " for tests", "7", "Test Owner", size, schema,
                "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z"), size, rowAt));
        return this;
    }

    /** The SQL of every query and cursor opened, in order. */
    public synchronized List<String> queries() {
        return List.copyOf(queries);
    }

    /** Cursors opened and not yet closed. */
    public synchronized int openCursors() {
        return openCursors;
    }

    @Override
    public synchronized List<DatasetSummary> listDatasets() {
        return tables.values().stream().map(t -> new DatasetSummary(t.dataset().id(), t.dataset().name(), t.dataset().description(),
                t.size(), t.dataset().schema().size(), t.dataset().createdAt(), t.dataset().updatedAt())).toList();
    }

    @Override
    public synchronized Dataset getDataset(String datasetId) {
        return table(datasetId).dataset();
    }

    @Override
    public QueryResult query(String datasetId, String sql) {
        List<List<Object>> rows = new ArrayList<>();
        List<Column> columns;
        try (RowCursor cursor = openQuery(datasetId, sql)) {
            columns = cursor.columns();
            while (cursor.next()) {
                rows.add(Arrays.asList(cursor.row().clone()));
            }
        }
        return new QueryResult(datasetId, columns, rows);
    }

    @Override
    public synchronized RowCursor openQuery(String datasetId, String sql) {
        Table t = table(datasetId);
        queries.add(sql);
        long limit = limit(datasetId, sql, t.size());
        openCursors++;
        return new RowCursor() {
            private long index = -1;
            private Object[] current;
            private boolean closed;

            @Override
            public List<Column> columns() {
                return t.dataset().schema();
            }

            @Override
            public boolean next() {
                if (closed || index + 1 >= limit) {
                    return false;
                }
                index++;
                read();
                current = t.rowAt().apply(index);
                return true;
            }

            @Override
            public Object[] row() {
                return current;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    closeCursor();
                }
            }
        };
    }

    @Override
    public synchronized long rowsRead() {
        return rowsRead;
    }

    private synchronized void read() {
        rowsRead++;
    }

    private synchronized void closeCursor() {
        openCursors--;
    }

    private Table table(String id) {
        Table t = tables.get(id);
        if (t == null) {
            throw new NotFoundException("DataSet " + id + " does not exist");
        }
        return t;
    }

    private static long limit(String datasetId, String sql, long size) {
        Matcher m = SELECT_ALL.matcher(sql.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2) != null && !m.group(2).equals(datasetId.toLowerCase(Locale.ROOT)))) {
            throw new InvalidInputException("the in-memory data plane only runs 'select * from tbl [limit N]', not: " + sql);
        }
        return m.group(3) == null ? size : Math.min(size, Long.parseLong(m.group(3)));
    }
}
