package dev.writeback.script;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.writeback.core.json.Json;
import dev.writeback.core.script.ScriptError.Kind;
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

    /** Declares the columns of a magicParse* call, or checks they match the ones already declared. */
    @HostAccess.Export
    public void declare(String what, String namesJson, String typesJson) {
        List<String> names = Json.MAPPER.convertValue(Json.read(namesJson, List.class), new TypeReference<List<String>>() { });
        List<String> types = Json.MAPPER.convertValue(Json.read(typesJson, List.class), new TypeReference<List<String>>() { });
        declare(what, names, types);
    }

    private void declare(String what, List<String> names, List<String> types) {
        var existing = run.grid.columns();
        if (existing.isEmpty()) {
            for (int i = 0; i < names.size(); i++) {
                check(run.grid.addColumn(names.get(i), types.get(i)));
            }
            return;
        }
        List<String> have = existing.stream().map(c -> c.name()).toList();
        if (!have.equals(names)) {
            throw run.fail(Kind.RUNTIME, what + ": the columns " + names + " do not match the datagrid's columns " + have);
        }
    }

    @HostAccess.Export
    public void magicParseCSV(String csv) {
        MagicCsv.Parsed parsed = MagicCsv.parse(csv == null ? "" : csv);
        if (parsed.header().isEmpty()) {
            throw run.fail(Kind.RUNTIME, "datagrid.magicParseCSV: the text has no header line");
        }
        declare("datagrid.magicParseCSV", parsed.header(), parsed.types());
        for (List<Object> row : parsed.rows()) {
            for (Object cell : row) {
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
