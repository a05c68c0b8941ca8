package dev.writeback.core.data;

/**
 * Whether a connector's Domo API client may read a DataSet: checked when a job names its input
 * DataSet, so a job that could never read its data is refused when it is made, not at its first run.
 * Registration needs this without any SQL engine.
 */
public interface DatasetAccess {

    /**
     * Reads the DataSet's description with the client. Throws {@code UnprocessableException} naming the
     * DataSet when Domo does not know it or the client may not read it, {@code UpstreamException} when
     * Domo cannot be reached.
     */
    Dataset describe(DomoCredentials credentials, String datasetId);
}
