package dev.writeback.writers;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/** One DataSet whose rows are made on demand (never held), for tests and the benchmark; every query returns all rows. */
public final class GeneratedDataPlane implements DataPlane {
    private final Dataset dataset;
    private final long size;
    private final LongFunction<Object[]> rowAt;
    private long rowsRead;
    private int open;

    public GeneratedDataPlane(String id, String name, List<Column> schema, long size, LongFunction<Object[]> rowAt) {
        this.dataset = new Dataset(id, name, "generated", "1", "Owner", size, schema, "2024-01-01T00:00:00Z",
                "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        this.size = size;
        this.rowAt = rowAt;
    }

    public static GeneratedDataPlane of(List<Column> schema, List<Object[]> rows) {
        List<Object[]> copy = List.copyOf(rows);
        return new GeneratedDataPlane("ds-1", "Orders", schema, copy.size(), i -> copy.get((int) i).clone());
    }

    public int openCursors() {
        return open;
    }

    @Override
    public List<DatasetSummary> listDatasets() {
        return List.of(new DatasetSummary(dataset.id(), dataset.name(), dataset.description(), size, dataset.schema().size(),
                dataset.createdAt(), dataset.updatedAt()));
    }

    @Override
    public Dataset getDataset(String datasetId) {
        if (!dataset.id().equals(datasetId)) {
            throw new NotFoundException("DataSet " + datasetId + " does not exist");
        }
        return dataset;
    }

    @Override
    public QueryResult query(String datasetId, String sql) {
        List<List<Object>> rows = new ArrayList<>();
        try (RowCursor c = openQuery(datasetId, sql)) {
            while (c.next()) {
                rows.add(Arrays.asList(c.row().clone()));
            }
        }
        return new QueryResult(datasetId, dataset.schema(), rows);
    }

    @Override
    public RowCursor openQuery(String datasetId, String sql) {
        getDataset(datasetId);
        open++;
        return new RowCursor() {
            private long index = -1;
            private Object[] current;
            private boolean closed;

            @Override
            public List<Column> columns() {
                return dataset.schema();
            }

            @Override
            public boolean next() {
                if (closed || index + 1 >= size) {
                    return false;
                }
                index++;
                rowsRead++;
                current = rowAt.apply(index);
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
                    open--;
                }
            }
        };
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }
}
