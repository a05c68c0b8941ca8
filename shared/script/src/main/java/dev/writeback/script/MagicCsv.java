package dev.writeback.script;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code datagrid.magicParseCSV}: RFC 4180 (quoted fields, doubled quotes, CRLF or LF), first line is the header.
 * A column is DOUBLE when every non-empty cell is a number, DATE when every one is {@code yyyy-MM-dd}, DATETIME when
 * every one is {@code yyyy-MM-ddTHH:mm:ss[.fff][Z]}, else STRING. Empty cells are null.
 */
final class MagicCsv {
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?");

    record Parsed(List<String> header, List<String> types, List<List<Object>> rows) {
    }

    static Parsed parse(String csv) {
        List<List<String>> records = records(csv);
        if (records.isEmpty()) {
            return new Parsed(List.of(), List.of(), List.of());
        }
        return typed(records.get(0), records.subList(1, records.size()));
    }

    /** The rows typed by the rules above; a record shorter than the header is null in its missing cells. */
    static Parsed typed(List<String> header, List<List<String>> body) {
        List<String> types = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            types.add(inferType(body, c));
        }
        List<List<Object>> rows = new ArrayList<>(body.size());
        for (List<String> rec : body) {
            List<Object> row = new ArrayList<>(header.size());
            for (int c = 0; c < header.size(); c++) {
                String v = c < rec.size() ? rec.get(c) : "";
                row.add(v.isEmpty() ? null : "DOUBLE".equals(types.get(c)) ? (Object) Double.parseDouble(v) : v);
            }
            rows.add(row);
        }
        return new Parsed(header, types, rows);
    }

    private static String inferType(List<List<String>> body, int c) {
        boolean number = true;
        boolean date = true;
        boolean datetime = true;
        boolean any = false;
        for (List<String> rec : body) {
            String v = c < rec.size() ? rec.get(c) : "";
            if (v.isEmpty()) {
                continue;
            }
            any = true;
            number &= NUMBER.matcher(v).matches();
            date &= DATE.matcher(v).matches();
            datetime &= DATETIME.matcher(v).matches();
        }
        if (!any) {
            return "STRING";
        }
        return number ? "DOUBLE" : date ? "DATE" : datetime ? "DATETIME" : "STRING";
    }

    private static List<List<String>> records(String csv) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int n = csv.length();
        for (int i = 0; i < n; i++) {
            char ch = csv.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < n && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (ch == ',') {
                rec.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < n && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || !field.isEmpty() || !rec.isEmpty()) {
                    rec.add(field.toString());
                    out.add(rec);
                }
                rec = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
            } else {
                field.append(ch);
                fieldStarted = true;
            }
        }
        if (fieldStarted || !field.isEmpty() || !rec.isEmpty()) {
            rec.add(field.toString());
            out.add(rec);
        }
        return out;
    }

    private MagicCsv() {
    }
}
