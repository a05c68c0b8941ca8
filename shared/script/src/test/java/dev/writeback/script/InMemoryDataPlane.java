package dev.writeback.script;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A DataPlane over rows held in memory (or generated on the fly), for tests and the benchmark. It understands
 * {@code select * from tbl} and {@code select * from tbl limit N} only; anything else is refused like a bad query.
 */
public final class InMemoryDataPlane implements DataPlane {
    private record Table(Dataset dataset, int size, IntFunction<List<Object>> rowAt) {
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<String> queries = new ArrayList<>();
    private long rowsRead;
    private int openCursors;

    public InMemoryDataPlane add(String id, String name, List<Column> schema, List<List<Object>> rows) {
        List<List<Object>> copy = List.copyOf(rows);
        return add(id, name, schema, copy.size(), copy::get);
    }

    public InMemoryDataPlane add(String id, String name, List<Column> schema, int size, IntFunction<List<Object>> rowAt) {
        tables.put(id, new Table(new Dataset(id, name, name + " for tests", "7", "Test Owner", size, schema,
                "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z"), size, rowAt));
        return this;
    }

    public List<String> queries() {
        return queries;
    }

    public int openCursors() {
        return openCursors;
    }

    @Override
    public List<DatasetSummary> listDatasets() {
        return tables.values().stream().map(t -> new DatasetSummary(t.dataset().id(), t.dataset().name(), t.dataset().description(),
                t.size(), t.dataset().schema().size(), t.dataset().createdAt(), t.dataset().updatedAt())).toList();
    }

    @Override
    public Dataset getDataset(String datasetId) {
        return table(datasetId).dataset();
    }

    @Override
    public QueryResult query(String datasetId, String sql) {
        Table t = table(datasetId);
        int limit = limit(sql, t.size());
        List<List<Object>> rows = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            rows.add(t.rowAt().apply(i));
        }
        rowsRead += limit;
        return new QueryResult(datasetId, t.dataset().schema(), rows);
    }

    @Override
    public RowCursor openQuery(String datasetId, String sql) {
        Table t = table(datasetId);
        int limit = limit(sql, t.size());
        openCursors++;
        return new RowCursor() {
            private int index = -1;
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
                rowsRead++;
                current = t.rowAt().apply(index).toArray();
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
                    openCursors--;
                }
            }
        };
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    private Table table(String id) {
        Table t = tables.get(id);
        if (t == null) {
            throw new NotFoundException("DataSet " + id + " does not exist");
        }
        return t;
    }

    private int limit(String sql, int size) {
        queries.add(sql);
        String s = sql.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (s.matches("select \\* from (tbl|table)")) {
            return size;
        }
        if (s.matches("select \\* from (tbl|table) limit \\d+")) {
            return Math.min(size, Integer.parseInt(s.substring(s.lastIndexOf(' ') + 1)));
        }
        throw new InvalidInputException("the in-memory data plane only runs 'select * from tbl [limit N]', not: " + sql);
    }
}
