package dev.writeback.sql.scratch;

import dev.writeback.core.Limits;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.InvalidStateException;
import dev.writeback.core.scratch.ScratchColumnType;
import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.scratch.ScratchWhere;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One open scratch database. Every statement is built here from identifiers checked against {@link #NAME} (and
 * then quoted) and from the column types' fixed SQL names; every value is a bound parameter. Each call is one
 * transaction: a call that fails leaves the database as it was. Writes are refused once the file has reached its
 * size limit (so the file exceeds it by at most one write). Longer than most classes here on purpose: every
 * statement is assembled in this one place, so no path to H2 skips the name checks and the parameter binding.
 */
final class H2ScratchDatabase implements ScratchDatabase {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Rows one {@code select} or {@code export} may return: the result crosses into the script as one JSON text. */
    static final int MAX_RESULT_ROWS = 100_000;

    private final Path folder;
    private final Path file;
    private final Connection connection;
    private final long maxBytes;
    private final Map<String, Map<String, ScratchColumnType>> schemas = new TreeMap<>();
    private boolean closed;

    H2ScratchDatabase(Path folder, Path file, Connection connection, long maxBytes) throws SQLException {
        this.folder = folder;
        this.file = file;
        this.connection = connection;
        this.maxBytes = maxBytes;
        connection.setAutoCommit(false);
        loadSchemas();
    }

    @Override
    public synchronized void createTable(String table, Map<String, ScratchColumnType> schema, boolean ifNotExists) {
        open();
        name("table", table);
        if (schemas.containsKey(table)) {
            if (ifNotExists) {
                return;
            }
            throw new InvalidInputException("table '" + table + "' already exists (pass true as the third argument to "
                    + "create it only if it does not)");
        }
        if (schema == null || schema.isEmpty()) {
            throw new InvalidInputException("the schema of table '" + table + "' needs at least one column, e.g. {id: 'LONG', name: 'STRING'}");
        }
        if (schemas.size() >= Limits.SCRATCH_TABLES) {
            throw new InvalidInputException("the scratch database holds at most " + Limits.SCRATCH_TABLES + " tables");
        }
        if (schema.size() > Limits.SCRATCH_COLUMNS) {
            throw new InvalidInputException("a table has at most " + Limits.SCRATCH_COLUMNS + " columns; this schema has " + schema.size());
        }
        schema.keySet().forEach(c -> name("column", c));
        String columns = schema.entrySet().stream().map(e -> quote(e.getKey()) + " " + sqlType(e.getValue()))
                .collect(Collectors.joining(", "));
        write(() -> {
            try (PreparedStatement s = connection.prepareStatement("CREATE TABLE " + quote(table) + " (" + columns + ")")) {
                s.executeUpdate();
            }
            return 0L;
        });
        schemas.put(table, new LinkedHashMap<>(schema));
    }

    @Override
    public synchronized List<Map<String, Object>> select(List<String> columns, String table, ScratchWhere where, boolean distinct) {
        open();
        Map<String, ScratchColumnType> schema = schema(table);
        List<String> picked = columns == null || columns.isEmpty() || columns.equals(List.of("*")) ? List.copyOf(schema.keySet()) : columns;
        picked.forEach(c -> column(table, schema, c));
        String list = picked.stream().map(H2ScratchDatabase::quote).collect(Collectors.joining(", "));
        List<Object> args = new ArrayList<>();
        String sql = "SELECT " + (distinct ? "DISTINCT " : "") + list + " FROM " + quote(table) + where(table, schema, where, args)
                + " ORDER BY " + (distinct ? list : "_ROWID_");
        return query(sql, args, picked);
    }

    @Override
    public synchronized void insert(String table, Map<String, Object> values) {
        open();
        Map<String, ScratchColumnType> schema = schema(table);
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException("insert needs an object of column → value, e.g. {id: 1}");
        }
        List<Object> args = new ArrayList<>();
        List<String> names = new ArrayList<>();
        values.forEach((c, v) -> {
            names.add(quote(column(table, schema, c)));
            args.add(ScratchValues.toColumn(c, schema.get(c), v));
        });
        String sql = "INSERT INTO " + quote(table) + " (" + String.join(", ", names) + ") VALUES ("
                + names.stream().map(n -> "?").collect(Collectors.joining(", ")) + ")";
        write(() -> execute(sql, args));
    }

    @Override
    public synchronized long update(String table, Map<String, Object> values, ScratchWhere where) {
        open();
        Map<String, ScratchColumnType> schema = schema(table);
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException("update needs an object of column → new value, e.g. {status: 'sent'}");
        }
        List<Object> args = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        values.forEach((c, v) -> {
            sets.add(quote(column(table, schema, c)) + " = ?");
            args.add(ScratchValues.toColumn(c, schema.get(c), v));
        });
        String sql = "UPDATE " + quote(table) + " SET " + String.join(", ", sets) + where(table, schema, where, args);
        return write(() -> execute(sql, args));
    }

    @Override
    public synchronized long delete(String table, ScratchWhere where) {
        open();
        Map<String, ScratchColumnType> schema = schema(table);
        List<Object> args = new ArrayList<>();
        String sql = "DELETE FROM " + quote(table) + where(table, schema, where, args);
        return write(() -> execute(sql, args));
    }

    @Override
    public synchronized Map<String, List<Map<String, Object>>> export() {
        open();
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        int rows = 0;
        for (Map.Entry<String, Map<String, ScratchColumnType>> t : schemas.entrySet()) {
            List<String> columns = List.copyOf(t.getValue().keySet());
            String list = columns.stream().map(H2ScratchDatabase::quote).collect(Collectors.joining(", "));
            List<Map<String, Object>> tableRows = query("SELECT " + list + " FROM " + quote(t.getKey()) + " ORDER BY _ROWID_",
                    List.of(), columns);
            rows += tableRows.size();
            if (rows > MAX_RESULT_ROWS) {
                throw new InvalidInputException("the scratch database holds more than " + MAX_RESULT_ROWS
                        + " rows, more than one export returns; select from its tables instead");
            }
            all.put(t.getKey(), tableRows);
        }
        return all;
    }

    @Override
    public synchronized byte[] snapshot() {
        open();
        try {
            try (PreparedStatement s = connection.prepareStatement("SHUTDOWN COMPACT")) {
                s.execute();
            }
            closed = true;
            return Files.readAllBytes(file);
        } catch (SQLException e) {
            throw new InvalidStateException("the scratch database could not be saved: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            close();
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the files go all the same
        }
        closed = true;
        deleteFolder(folder);
    }

    static void deleteFolder(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is removed with the container's /tmp
        }
    }

    private interface Write {
        long run() throws SQLException;
    }

    private long write(Write w) {
        try {
            if (Files.exists(file) && Files.size(file) >= maxBytes) {
                throw new InvalidInputException("the scratch database is full (" + Files.size(file) + " bytes, its limit is "
                        + maxBytes + "); delete rows to write more");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            long n = w.run();
            connection.commit();
            return n;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the failure below says what went wrong
            }
            throw new InvalidInputException(message(e));
        }
    }

    private long execute(String sql, List<Object> args) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            bind(s, args);
            return s.executeLargeUpdate();
        }
    }

    private List<Map<String, Object>> query(String sql, List<Object> args, List<String> columns) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            bind(s, args);
            s.setMaxRows(MAX_RESULT_ROWS + 1);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (rows.size() == MAX_RESULT_ROWS) {
                        throw new InvalidInputException("more than " + MAX_RESULT_ROWS + " rows match; narrow the where");
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i), ScratchValues.fromColumn(r.getObject(i + 1)));
                    }
                    rows.add(row);
                }
            }
            connection.commit();
            return rows;
        } catch (SQLException e) {
            throw new InvalidInputException(message(e));
        }
    }

    private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            s.setObject(i + 1, args.get(i));
        }
    }

    private String where(String table, Map<String, ScratchColumnType> schema, ScratchWhere where, List<Object> args) {
        if (where == null || where.conditions().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (ScratchWhere.Condition c : where.conditions()) {
            String col = quote(column(table, schema, c.column()));
            ScratchColumnType type = schema.get(c.column());
            switch (c.operator()) {
                case IN -> {
                    List<?> values = (List<?>) c.value();
                    values.forEach(v -> args.add(ScratchValues.toColumn(c.column(), type, v)));
                    parts.add(col + " IN (" + values.stream().map(v -> "?").collect(Collectors.joining(", ")) + ")");
                }
                case LIKE -> {
                    args.add(String.valueOf(c.value()));
                    parts.add("CAST(" + col + " AS VARCHAR) LIKE ?");
                }
                case EQ, NE -> {
                    if (c.value() == null) {
                        parts.add(col + (c.operator() == ScratchWhere.Operator.EQ ? " IS NULL" : " IS NOT NULL"));
                    } else {
                        args.add(ScratchValues.toColumn(c.column(), type, c.value()));
                        parts.add(col + (c.operator() == ScratchWhere.Operator.EQ ? " = ?" : " <> ?"));
                    }
                }
                default -> {
                    args.add(ScratchValues.toColumn(c.column(), type, c.value()));
                    parts.add(col + " " + c.operator().symbol + " ?");
                }
            }
        }
        return " WHERE " + String.join(" AND ", parts);
    }

    private Map<String, ScratchColumnType> schema(String table) {
        name("table", table);
        Map<String, ScratchColumnType> schema = schemas.get(table);
        if (schema == null) {
            throw new InvalidInputException("there is no table '" + table + "'" + (schemas.isEmpty() ? "; create it with sql.createTable"
                    : "; the tables are " + String.join(", ", schemas.keySet())));
        }
        return schema;
    }

    private static String column(String table, Map<String, ScratchColumnType> schema, String column) {
        name("column", column);
        if (!schema.containsKey(column)) {
            throw new InvalidInputException("table '" + table + "' has no column '" + column + "'; its columns are "
                    + String.join(", ", schema.keySet()));
        }
        return column;
    }

    private static void name(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("a " + what + " name is a letter or _ followed by letters, digits or _ "
                    + "(at most 64), not " + (name == null ? "null" : "'" + (name.length() > 70 ? name.substring(0, 67) + "..." : name) + "'"));
        }
    }

    private static String quote(String name) {
        return '"' + name + '"';
    }

    private static String sqlType(ScratchColumnType type) {
        return switch (type) {
            case STRING -> "CHARACTER VARYING";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> "DECFLOAT";
            case DATE -> "DATE";
            case DATETIME -> "TIMESTAMP";
            case BOOLEAN -> "BOOLEAN";
        };
    }

    private static ScratchColumnType columnType(String sqlType) {
        return switch (sqlType) {
            case "BIGINT" -> ScratchColumnType.LONG;
            case "DOUBLE PRECISION" -> ScratchColumnType.DOUBLE;
            case "DECFLOAT" -> ScratchColumnType.DECIMAL;
            case "DATE" -> ScratchColumnType.DATE;
            case "TIMESTAMP" -> ScratchColumnType.DATETIME;
            case "BOOLEAN" -> ScratchColumnType.BOOLEAN;
            default -> ScratchColumnType.STRING;
        };
    }

    /** The tables a saved database holds, with their columns' types. */
    private void loadSchemas() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME, ORDINAL_POSITION"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                schemas.computeIfAbsent(r.getString(1), t -> new LinkedHashMap<>()).put(r.getString(2), columnType(r.getString(3)));
            }
        }
        connection.commit();
    }

    private void open() {
        if (closed) {
            throw new InvalidStateException("the scratch database is closed: the run has ended");
        }
    }

    /** H2's message without its SQL text and error code suffix (the script never wrote that SQL). */
    private static String message(SQLException e) {
        String m = e.getMessage() == null ? "the database refused the change" : e.getMessage();
        int sql = m.indexOf("; SQL statement:");
        m = sql >= 0 ? m.substring(0, sql) : m;
        return m.replaceAll(" \\[\\d+-\\d+\\]$", "").strip();
    }
}
