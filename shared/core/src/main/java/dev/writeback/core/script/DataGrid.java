package dev.writeback.core.script;

import java.util.List;

/**
 * The output table a processing script builds with {@code datagrid} (Domo's output DataSet).
 *
 * @param columns column names and types ({@code STRING}, {@code DOUBLE}, {@code DATE}, {@code DATETIME}, …)
 * @param rows the rows; cells are String, Number, Boolean or null
 * @param truncated true when the script added more rows than the cap and the rest were dropped
 */
public record DataGrid(List<GridColumn> columns, List<List<Object>> rows, boolean truncated) {
    public DataGrid {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public static DataGrid empty() {
        return new DataGrid(List.of(), List.of(), false);
    }

    public record GridColumn(String name, String type) {
    }
}
