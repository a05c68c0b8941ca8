package dev.writeback.core.testing;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DataSets held in memory. It does not interpret SQL (that is the sql module's job): every query
 * returns the whole DataSet and counts its rows as read, which is what a full scan reads.
 */
public final class InMemoryDataPlane implements DataPlane {
    private final Map<String, Table> tables;
    private final List<String> queries = new ArrayList<>();
    private long rowsRead;

    /** A DataSet's schema and rows. */
    public record Table(String name, List<Column> columns, List<List<Object>> rows) {
    }

    public InMemoryDataPlane(Map<String, Table> tables) {
        this.tables = tables;
    }

    @Override
    public List<DatasetSummary> listDatasets() {
        return tables.entrySet().stream().map(e -> summary(e.getKey(), e.getValue())).toList();
    }

    @Override
    public Dataset getDataset(String datasetId) {
        Table t = table(datasetId);
        return new Dataset(datasetId, t.name(), null, null, null, t.rows().size(), t.columns(), null, null, null);
    }

    @Override
    public synchronized QueryResult query(String datasetId, String sql) {
        Table t = table(datasetId);
        queries.add(sql);
        rowsRead += t.rows().size();
        return new QueryResult(datasetId, t.columns(), t.rows());
    }

    @Override
    public RowCursor openQuery(String datasetId, String sql) {
        QueryResult result = query(datasetId, sql);
        return new RowCursor() {
            private int index = -1;

            @Override
            public List<Column> columns() {
                return result.columns();
            }

            @Override
            public boolean next() {
                return ++index < result.numRows();
            }

            @Override
            public Object[] row() {
                return result.rows().get(index).toArray();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized long rowsRead() {
        return rowsRead;
    }

    public synchronized List<String> queries() {
        return List.copyOf(queries);
    }

    private Table table(String datasetId) {
        Table t = tables.get(datasetId);
        if (t == null) {
            throw new NotFoundException("There is no DataSet " + datasetId + ".");
        }
        return t;
    }

    private static DatasetSummary summary(String id, Table t) {
        return new DatasetSummary(id, t.name(), null, t.rows().size(), t.columns().size(), null, null);
    }
}
