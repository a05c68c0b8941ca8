package dev.writeback.domo.standin;

import java.util.List;

/**
 * Answers {@code POST /v1/datasets/query/execute/{id}} for the stand-in, e.g. with an SQL engine
 * over the DataSet's CSV file. Throw {@link StandinError} to answer with a Domo error body.
 */
@FunctionalInterface
public interface QueryHook {

    Result execute(StandinDataset dataset, String sql);

    /** A query result: column names, their Domo types, and rows in column order (JSON-serialisable values). */
    record Result(List<String> columns, List<String> types, List<List<Object>> rows) {
        public Result {
            columns = List.copyOf(columns);
            types = List.copyOf(types);
            if (columns.size() != types.size()) {
                throw new IllegalArgumentException("columns and types differ in size");
            }
        }
    }
}
