package dev.writeback.script;

import dev.writeback.core.error.WritebackException;
import dev.writeback.core.json.Json;
import dev.writeback.core.scratch.ScratchColumnType;
import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.scratch.ScratchWhere;
import dev.writeback.core.script.ScriptError.Kind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;

/**
 * The Java half of {@code sql}: the run's scratch database ({@code ScriptInput.scratchDatabase}). Arguments arrive
 * as JSON text from the glue and are turned into the port's typed calls; what the database refuses becomes an
 * {@code Error} naming the method ({@code sql.insert: column 'n' is LONG; 'x' is not a whole number}).
 */
public final class SqlHost {
    private final ScriptRun run;

    SqlHost(ScriptRun run) {
        this.run = run;
    }

    @HostAccess.Export
    public void createTable(String table, String schemaJson, boolean ifNotExists) {
        call("sql.createTable", () -> {
            database().createTable(table, schema(schemaJson), ifNotExists);
            return null;
        });
    }

    @HostAccess.Export
    public String select(String columnsJson, String table, String whereJson, boolean distinct) {
        return call("sql.select", () -> Json.write(database().select(columns(columnsJson), table, where(whereJson), distinct)));
    }

    /** One row (an object) or several (an array of objects), each in its own transaction. */
    @HostAccess.Export
    public void insert(String table, String valuesJson) {
        call("sql.insert", () -> {
            Object values = valuesJson == null ? null : Json.read(valuesJson, Object.class);
            List<?> rows = values instanceof List<?> l ? l : Arrays.asList(values);
            for (Object row : rows) {
                database().insert(table, object(row, "the values", "{id: 1, name: 'Ann'}"));
            }
            return null;
        });
    }

    @HostAccess.Export
    public double update(String table, String valuesJson, String whereJson) {
        return call("sql.update", () -> (double) database().update(table,
                object(valuesJson == null ? null : Json.read(valuesJson, Object.class), "the values", "{status: 'sent'}"),
                where(whereJson)));
    }

    @HostAccess.Export
    public double delete(String table, String whereJson) {
        return call("sql.delete", () -> (double) database().delete(table, where(whereJson)));
    }

    @HostAccess.Export
    public String exportAll() {
        return call("sql.export", () -> Json.write(database().export()));
    }

    private ScratchDatabase database() {
        ScratchDatabase database = run.input.scratchDatabase();
        if (database == null) {
            throw run.fail(Kind.SANDBOX, "sql is not available here: only data-processing scripts of a job have a scratch database");
        }
        return database;
    }

    private <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (WritebackException e) {
            throw run.fail(Kind.RUNTIME, what + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw run.fail(Kind.RUNTIME, what + ": " + e.getMessage());
        }
    }

    /** {@code {col: 'STRING', …}} or {@code [{name: 'col', type: 'STRING'}, …]}. */
    private static Map<String, ScratchColumnType> schema(String json) {
        Object parsed = json == null ? null : Json.read(json, Object.class);
        Map<String, ScratchColumnType> schema = new LinkedHashMap<>();
        if (parsed instanceof List<?> list) {
            for (Object c : list) {
                if (!(c instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
                    throw new IllegalArgumentException("a schema array holds {name: 'col', type: 'STRING'} objects");
                }
                schema.put(name, ScratchColumnType.of(name, m.get("type") == null ? null : String.valueOf(m.get("type"))));
            }
            return schema;
        }
        object(parsed, "the schema", "{id: 'LONG', email: 'STRING'}").forEach((name, type) ->
                schema.put(name, ScratchColumnType.of(name, type == null ? null : String.valueOf(type))));
        return schema;
    }

    /** An array of names, {@code '*'}, or names separated by commas; absent means every column. */
    private static List<String> columns(String json) {
        Object parsed = json == null ? null : Json.read(json, Object.class);
        if (parsed == null) {
            return List.of();
        }
        if (parsed instanceof String s) {
            return Arrays.stream(s.split(",")).map(String::strip).toList();
        }
        if (parsed instanceof List<?> list && list.stream().allMatch(c -> c instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IllegalArgumentException("the columns are an array of names, '*', or names separated by commas");
    }

    private static ScratchWhere where(String json) {
        Object parsed = json == null ? null : Json.read(json, Object.class);
        if (parsed instanceof String) {
            throw new IllegalArgumentException("where is an object of column → value, e.g. {id: 7} or {age: {'>': 30}}; "
                    + "SQL text is not accepted");
        }
        return ScratchWhere.of(parsed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what, String example) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be an object of column → value, e.g. " + example);
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }
}
