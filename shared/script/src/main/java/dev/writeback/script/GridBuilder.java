package dev.writeback.script;

import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ScriptProgress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The datagrid a processing script builds, capped in rows and cells (later rows are dropped, {@code truncated} set). */
final class GridBuilder {
    private final int maxRows;
    private final long maxCells;
    private final List<DataGrid.GridColumn> columns = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();
    private List<Object> current = new ArrayList<>();
    private long cells;
    private boolean truncated;

    private final ScriptProgress progress;

    GridBuilder(int maxRows, long maxCells, ScriptProgress progress) {
        this.maxRows = maxRows;
        this.maxCells = maxCells;
        this.progress = progress;
    }

    /** Domo's types; {@code INTEGER} is stored as {@code LONG}; anything unknown is {@code STRING}. */
    static String normalizeType(String type) {
        if (type == null) {
            return "STRING";
        }
        String t = type.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "STRING", "DOUBLE", "DECIMAL", "LONG", "DATE", "DATETIME" -> t;
            case "INTEGER", "INT" -> "LONG";
            default -> "STRING";
        };
    }

    /** Returns an error message, or null when the column was added. */
    String addColumn(String name, String type) {
        if (name == null || name.isBlank()) {
            return "datagrid.addColumn needs a column name";
        }
        if (!rows.isEmpty() || !current.isEmpty()) {
            return "datagrid.addColumn('" + name + "') was called after cells were added; define every column first";
        }
        columns.add(new DataGrid.GridColumn(name, normalizeType(type)));
        return null;
    }

    /**
     * A column a later page of a magic parser brings: appended after the others, null in the rows so far. Returns an
     * error message, or null when the column was added.
     */
    String appendColumn(String name, String type) {
        if (name == null || name.isBlank()) {
            return "a datagrid column needs a name";
        }
        columns.add(new DataGrid.GridColumn(name, normalizeType(type)));
        for (List<Object> row : rows) {
            row.add(null);
        }
        cells += rows.size();
        return null;
    }

    String addCell(Object value) {
        if (columns.isEmpty()) {
            return "datagrid.addCell was called before any datagrid.addColumn";
        }
        if (current.size() >= columns.size()) {
            return "datagrid row " + (rows.size() + 1) + " has more cells than the " + columns.size()
                    + " columns; call datagrid.endRow() after the last cell of a row";
        }
        current.add(coerce(columns.get(current.size()).type(), value));
        return null;
    }

    void endRow() {
        if (columns.isEmpty() && current.isEmpty()) {
            return;
        }
        List<Object> row = current;
        current = new ArrayList<>(columns.size());
        while (row.size() < columns.size()) {
            row.add(null);
        }
        if (rows.size() >= maxRows || cells + row.size() > maxCells) {
            truncated = true;
            return;
        }
        cells += row.size();
        rows.add(row);
        progress.rowsWritten(1);
    }

    List<DataGrid.GridColumn> columns() {
        return columns;
    }

    DataGrid build() {
        if (!current.isEmpty()) {
            endRow();
        }
        return new DataGrid(columns, rows.stream().map(Collections::unmodifiableList).toList(), truncated);
    }

    private static Object coerce(String type, Object value) {
        if (value instanceof Number n) {
            return switch (type) {
                case "LONG" -> n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())
                        ? (Object) n.longValue() : (Object) n.doubleValue();
                case "DOUBLE", "DECIMAL" -> n.doubleValue();
                case "STRING", "DATE", "DATETIME" -> n instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
                        ? Long.toString(d.longValue()) : n.toString();
                default -> n;
            };
        }
        return value;
    }
}
