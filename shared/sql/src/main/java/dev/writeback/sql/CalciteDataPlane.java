package dev.writeback.sql;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.domo.DomoClient;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** DataSets of one Domo client, queried with Calcite over their streamed CSV export. */
public final class CalciteDataPlane implements DataPlane {

    private final DomoClient client;
    private final int maxResultRows;
    private final LongAdder rowsRead = new LongAdder();

    public CalciteDataPlane(DomoClient client, int maxResultRows) {
        this.client = client;
        this.maxResultRows = maxResultRows;
    }

    @Override
    public List<DatasetSummary> listDatasets() {
        return client.listDatasets(null, null);
    }

    @Override
    public Dataset getDataset(String datasetId) {
        return client.getDataset(datasetId);
    }

    @Override
    public QueryResult query(String datasetId, String sql) {
        return SqlEngine.query(client.getDataset(datasetId), () -> client.exportCsv(datasetId), true, sql, rowsRead, maxResultRows);
    }

    @Override
    public RowCursor openQuery(String datasetId, String sql) {
        return SqlEngine.open(client.getDataset(datasetId), () -> client.exportCsv(datasetId), true, sql, rowsRead);
    }

    @Override
    public long rowsRead() {
        return rowsRead.sum();
    }
}
