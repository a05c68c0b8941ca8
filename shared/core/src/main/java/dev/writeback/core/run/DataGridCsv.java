package dev.writeback.core.run;

import dev.writeback.core.script.DataGrid;
import java.util.List;

/** Writes a datagrid as CSV in Domo's dialect: null is an empty field, an empty string is {@code ""}. */
final class DataGridCsv {
    private DataGridCsv() {
    }

    static String write(DataGrid grid) {
        StringBuilder sb = new StringBuilder();
        List<DataGrid.GridColumn> cols = grid.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            cell(sb, cols.get(i).name());
        }
        sb.append('\n');
        for (List<Object> row : grid.rows()) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object v = row.get(i);
                if (v != null) {
                    cell(sb, v.toString());
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void cell(StringBuilder sb, String s) {
        if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            sb.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else {
            sb.append(s);
        }
    }
}
