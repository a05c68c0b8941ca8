package dev.writeback.core.data;

import java.util.List;

/**
 * Read access to Domo DataSets for one run: list, describe, and query with SQL (exactly one
 * read-only statement over the table {@code tbl}, {@code table} or the back-quoted DataSet id).
 */
public interface DataPlane {

    List<DatasetSummary> listDatasets();

    Dataset getDataset(String datasetId);

    /** Runs a query and holds the whole result; for small results ({@code DOMO.queryData}). */
    QueryResult query(String datasetId, String sql);

    /** Runs a query and streams the result. */
    RowCursor openQuery(String datasetId, String sql);

    /** Rows read from DataSets by this data plane so far (scanned, before filters). */
    long rowsRead();
}
