package dev.writeback.script;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.ScriptError.Kind;
import java.util.Arrays;
import java.util.List;
import org.graalvm.polyglot.HostAccess;

/** The Java half of {@code datagrid} (and of {@code auth}). */
public final class GridHost {
    private final ScriptRun run;

    GridHost(ScriptRun run) {
        this.run = run;
    }

    @HostAccess.Export
    public void addColumn(String name, String type) {
        check(run.grid.addColumn(name, type));
    }

    @HostAccess.Export
    public void addCell(Object value) {
        check(run.grid.addCell(value));
    }

    @HostAccess.Export
    public void endRow() {
        run.grid.endRow();
    }

    /** {@code datagrid.error(code, message)}: remembered first, so a script catching the Error cannot undo it. */
    @HostAccess.Export
    public void error(String code, String message) {
        Integer parsed = null;
        if (code != null) {
            try {
                parsed = (int) Double.parseDouble(code.trim());
            } catch (NumberFormatException ignored) {
                message = "[" + code + "] " + message; // a non-numeric code is kept in the message rather than lost
            }
        }
        ScriptFailure failure = new ScriptFailure(Kind.DATAGRID_ERROR, message == null ? "datagrid.error" : message, parsed);
        if (run.gridError == null) {
            run.gridError = failure;
        }
        throw run.fail(failure);
    }

    /**
     * Aligns a magicParse* call's columns with the datagrid's by name: declares them when the grid has none, and
     * appends the names it lacks (earlier rows get null), so pages listing keys in another order, or adding or
     * dropping one, go on filling the same grid. Returns the datagrid's column names, in order, as JSON.
     */
    @HostAccess.Export
    public String align(String namesJson, String typesJson) {
        List<String> names = Json.MAPPER.convertValue(Json.read(namesJson, List.class), new TypeReference<List<String>>() { });
        List<String> types = Json.MAPPER.convertValue(Json.read(typesJson, List.class), new TypeReference<List<String>>() { });
        align(names, types);
        return Json.write(run.grid.columns().stream().map(c -> c.name()).toList());
    }

    /** The grid position of each name (a repeated name takes the next grid column of that name). */
    private int[] align(List<String> names, List<String> types) {
        if (run.grid.columns().isEmpty()) {
            for (int i = 0; i < names.size(); i++) {
                check(run.grid.addColumn(names.get(i), types.get(i)));
            }
        }
        int[] at = new int[names.size()];
        boolean[] taken = new boolean[run.grid.columns().size() + names.size()];
        for (int i = 0; i < names.size(); i++) {
            at[i] = -1;
            var columns = run.grid.columns();
            for (int c = 0; c < columns.size() && at[i] < 0; c++) {
                if (!taken[c] && columns.get(c).name().equals(names.get(i))) {
                    at[i] = c;
                }
            }
            if (at[i] < 0) {
                check(run.grid.appendColumn(names.get(i), types.get(i)));
                at[i] = run.grid.columns().size() - 1;
            }
            taken[at[i]] = true;
        }
        return at;
    }

    @HostAccess.Export
    public void magicParseCSV(String csv) {
        MagicCsv.Parsed parsed = MagicCsv.parse(csv == null ? "" : csv);
        if (parsed.header().isEmpty()) {
            throw run.fail(Kind.RUNTIME, "datagrid.magicParseCSV: the text has no header line");
        }
        addRows(parsed);
    }

    @HostAccess.Export
    public void magicParseXML(String xml) {
        if (xml == null || xml.isBlank()) {
            throw run.fail(Kind.RUNTIME, "datagrid.magicParseXML needs an XML string");
        }
        MagicCsv.Parsed parsed;
        try {
            parsed = MagicXml.parse(xml);
        } catch (MagicXml.NotXml e) {
            throw run.fail(Kind.RUNTIME, "datagrid.magicParseXML: the text is not well-formed XML: " + e.getMessage());
        }
        addRows(parsed);
    }

    private void addRows(MagicCsv.Parsed parsed) {
        int[] at = align(parsed.header(), parsed.types());
        Object[] cells = new Object[run.grid.columns().size()];
        for (List<Object> row : parsed.rows()) {
            Arrays.fill(cells, null);
            for (int i = 0; i < at.length; i++) {
                cells[at[i]] = row.get(i);
            }
            for (Object cell : cells) {
                check(run.grid.addCell(cell));
            }
            run.grid.endRow();
        }
    }

    @HostAccess.Export
    public void authenticationSuccess() {
        run.authenticated = true;
        run.authMessage = null;
    }

    @HostAccess.Export
    public void authenticationFailed(String message) {
        run.authenticated = false;
        run.authMessage = message == null || message.isBlank() ? "Authentication failed." : message;
    }

    private void check(String error) {
        if (error != null) {
            throw run.fail(Kind.RUNTIME, error);
        }
    }
}
