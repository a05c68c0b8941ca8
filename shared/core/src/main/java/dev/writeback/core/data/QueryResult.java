package dev.writeback.core.data;

import java.util.List;

/**
 * A query result in Domo's query shape: column names and types, and rows as arrays in column
 * order. Null cells are Java nulls.
 */
public record QueryResult(String datasource, List<Column> columns, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public int numRows() {
        return rows.size();
    }

    public int numColumns() {
        return columns.size();
    }
}
