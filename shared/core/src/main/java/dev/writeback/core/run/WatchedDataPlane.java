package dev.writeback.core.run;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DatasetSummary;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.WritebackException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The run's data plane, remembering the last failure it gave the script: when the script ends on
 * that failure, the run record names the Domo step and Domo's own message rather than a script error.
 */
final class WatchedDataPlane implements DataPlane {
    private final DataPlane plane;
    private volatile WritebackException lastFailure;

    WatchedDataPlane(DataPlane plane) {
        this.plane = plane;
    }

    WritebackException lastFailure() {
        return lastFailure;
    }

    private <T> T watch(Supplier<T> call) {
        try {
            return call.get();
        } catch (WritebackException e) {
            lastFailure = e;
            throw e;
        }
    }

    @Override
    public List<DatasetSummary> listDatasets() {
        return watch(plane::listDatasets);
    }

    @Override
    public Dataset getDataset(String datasetId) {
        return watch(() -> plane.getDataset(datasetId));
    }

    @Override
    public QueryResult query(String datasetId, String sql) {
        return watch(() -> plane.query(datasetId, sql));
    }

    @Override
    public RowCursor openQuery(String datasetId, String sql) {
        return watch(() -> plane.openQuery(datasetId, sql));
    }

    @Override
    public long rowsRead() {
        return plane.rowsRead();
    }
}
