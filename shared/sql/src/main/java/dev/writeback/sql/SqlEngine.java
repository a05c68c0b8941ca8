package dev.writeback.sql;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.error.WritebackException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * Runs one read-only SQL query over one DataSet streamed as Domo CSV, with Calcite. The table
 * answers to {@code tbl}, {@code table} and the back-quoted DataSet id. Thread-safe; each query
 * has its own Calcite connection.
 */
public final class SqlEngine {

    private static final Driver DRIVER = new Driver();
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC));
    private static volatile boolean warm;

    private SqlEngine() {
    }

    /**
     * Does once per JVM what makes the first query slow (Calcite's class loading, planner rules,
     * Janino code generation), so a run's first query does not pay it. Idempotent.
     */
    public static void warmUp() {
        if (warm) {
            return;
        }
        Dataset ds = new Dataset("warm-up", "warm-up", null, null, null, 2, List.of(new Column("s", DomoType.STRING),
                new Column("n", DomoType.LONG), new Column("d", DomoType.DOUBLE), new Column("m", DomoType.DECIMAL),
                new Column("day", DomoType.DATE), new Column("ts", DomoType.DATETIME)), null, null, null);
        byte[] csv = "a,1,1.5,2.25,2024-01-02,2024-01-02T03:04:05\nb,,,,,\n".getBytes(StandardCharsets.UTF_8);
        query(ds, () -> new ByteArrayInputStream(csv), false,
                "select s, count(*) as c, sum(n) as n, max(d), min(m), max(day), max(ts) from tbl where s = 'a' group by s order by s",
                new LongAdder(), 10);
        warm = true;
    }

    /**
     * Opens a streaming cursor. {@code header}: the CSV starts with a header line (Domo's export
     * with {@code includeHeader=true}), checked against the schema. {@code rowsRead} counts
     * scanned rows.
     */
    public static RowCursor open(Dataset dataset, CsvSource source, boolean header, String sql, LongAdder rowsRead) {
        return open(dataset, source, header, sql, rowsRead, MAX_JOIN_ROWS);
    }

    /**
     * The most rows a query's second and later scans of the table may deliver (the re-reads of a join): a join
     * without an equality condition reads the whole table once per row of its other side.
     */
    public static final long MAX_JOIN_ROWS = 10_000_000;

    /** As {@link #open(Dataset, CsvSource, boolean, String, LongAdder)}, the join reads capped at {@code maxJoinRows}. */
    static RowCursor open(Dataset dataset, CsvSource source, boolean header, String sql, LongAdder rowsRead, long maxJoinRows) {
        // checked and rejected before anything is read
        String calciteSql = ReadOnlySql.check(sql, dataset.schema().stream().map(Column::name).collect(Collectors.toSet()));
        Connection connection = null;
        TableReads reads = new TableReads(dataset.id(), source, rowsRead, maxJoinRows);
        try {
            Properties props = new Properties();
            props.setProperty("lex", "JAVA");
            props.setProperty("timeZone", "UTC");
            connection = DRIVER.connect("jdbc:calcite:", props);
            SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
            DatasetTable table = new DatasetTable(dataset, reads, header);
            root.add("tbl", table);
            root.add("table", table);
            root.add(dataset.id(), table);
            Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery(calciteSql);
            return new Cursor(connection, rs, dataset, reads);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            reads.close();
            throw translate(dataset, e);
        } catch (StackOverflowError e) {
            // the limits of ReadOnlySql keep planning well inside the stack; this is the last line of defence
            InvalidInputException clear = ReadOnlySql.tooComplex();
            closeQuietly(connection, clear);
            reads.close();
            throw clear;
        }
    }

    /** Calcite's physical plan for a query, one operator a line (for tests and diagnostics). */
    static String explain(Dataset dataset, CsvSource source, String sql) {
        String calciteSql = ReadOnlySql.check(sql, dataset.schema().stream().map(Column::name).collect(Collectors.toSet()));
        Properties props = new Properties();
        props.setProperty("lex", "JAVA");
        try (Connection connection = DRIVER.connect("jdbc:calcite:", props)) {
            SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
            DatasetTable table = new DatasetTable(dataset, new TableReads(dataset.id(), source, new LongAdder(), MAX_JOIN_ROWS), true);
            root.add("tbl", table);
            root.add("table", table);
            root.add(dataset.id(), table);
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("explain plan for " + calciteSql)) {
                rs.next();
                return rs.getString(1).strip();
            }
        } catch (SQLException e) {
            throw translate(dataset, e);
        }
    }

    /** Runs a query and holds its result (at most {@code maxRows} rows). */
    public static QueryResult query(Dataset dataset, CsvSource source, boolean header, String sql, LongAdder rowsRead,
                                    int maxRows) {
        return query(dataset, source, header, sql, rowsRead, maxRows, MAX_RESULT_BYTES);
    }

    /** As {@link #query(Dataset, CsvSource, boolean, String, LongAdder, int)}, holding at most about {@code maxBytes}. */
    static QueryResult query(Dataset dataset, CsvSource source, boolean header, String sql, LongAdder rowsRead,
                             int maxRows, long maxBytes) {
        try (RowCursor cursor = open(dataset, source, header, sql, rowsRead)) {
            List<List<Object>> rows = new ArrayList<>();
            long bytes = 0;
            while (cursor.next()) {
                if (rows.size() == maxRows) {
                    throw new UnprocessableException("The query returns more than " + maxRows
                            + " rows; add a LIMIT or a WHERE clause, or stream the result.");
                }
                Object[] row = cursor.row().clone();
                bytes += estimatedBytes(row);
                if (bytes > maxBytes) {
                    throw new UnprocessableException("The query result passes " + megabytes(maxBytes)
                            + " after " + rows.size() + " rows, too much to hold at once; add a LIMIT or a WHERE"
                            + " clause, or stream it (DOMO.queryBatches or DOMO.writeTo).");
                }
                rows.add(Arrays.asList(row));
            }
            return new QueryResult(dataset.id(), cursor.columns(), rows);
        }
    }

    /**
     * What a held result may take, estimated from its cells: the script then sees it again as JSON and as
     * JavaScript values, so a few times this in all; past it a query must be streamed.
     */
    static final long MAX_RESULT_BYTES = 128L << 20;

    private static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
    }

    private static long estimatedBytes(Object[] row) {
        long n = 16L + 8L * row.length;
        for (Object cell : row) {
            n += cell instanceof String text ? 40L + 2L * text.length() : cell == null ? 0 : 24;
        }
        return n;
    }

    private static void closeQuietly(AutoCloseable c, Exception failure) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** A Writeback failure from inside the scan as itself; a Calcite validation error as a clear message. */
    static RuntimeException translate(Dataset dataset, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WritebackException w) {
                return w;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CalciteContextException c) {
                String msg = c.getMessage();
                String columns = dataset.schema().stream().map(Column::name).toList().toString();
                return new InvalidInputException("SQL error: " + msg + (msg.endsWith("?") || msg.endsWith(".") ? " " : ". ") + "The DataSet's table is tbl (or table, or `"
                        + dataset.id() + "`); its columns are " + columns + " (names are case-sensitive).", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SqlParseException p) {
                return new InvalidInputException("SQL syntax error: " + ReadOnlySql.shortMessage(p), e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof ArithmeticException || root instanceof NumberFormatException || root instanceof ClassCastException) {
            return new UnprocessableException("The query failed on the DataSet's values: " + root.getMessage(), e);
        }
        return new UpstreamException("The query on DataSet '" + dataset.id() + "' failed: " + root, e);
    }

    private static final class Cursor implements RowCursor {
        private final Connection connection;
        private final ResultSet rs;
        private final Dataset dataset;
        private final TableReads reads;
        private final List<Column> columns;
        private final int[] sqlTypes;
        private final Object[] row;
        private boolean closed;

        Cursor(Connection connection, ResultSet rs, Dataset dataset, TableReads reads) throws SQLException {
            this.connection = connection;
            this.rs = rs;
            this.dataset = dataset;
            this.reads = reads;
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<Column> cols = new ArrayList<>(n);
            sqlTypes = new int[n];
            for (int i = 0; i < n; i++) {
                sqlTypes[i] = md.getColumnType(i + 1);
                cols.add(new Column(md.getColumnLabel(i + 1), domoType(sqlTypes[i])));
            }
            this.columns = List.copyOf(cols);
            this.row = new Object[n];
        }

        private static DomoType domoType(int sqlType) {
            return switch (sqlType) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> DomoType.LONG;
                case Types.DOUBLE, Types.FLOAT, Types.REAL -> DomoType.DOUBLE;
                case Types.DECIMAL, Types.NUMERIC -> DomoType.DECIMAL;
                case Types.DATE -> DomoType.DATE;
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> DomoType.DATETIME;
                default -> DomoType.STRING;
            };
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            try {
                if (!rs.next()) {
                    return false;
                }
                for (int i = 0; i < row.length; i++) {
                    row[i] = value(i + 1, sqlTypes[i]);
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                close();
                throw translate(dataset, e);
            }
        }

        private Object value(int i, int sqlType) throws SQLException {
            switch (sqlType) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                    long v = rs.getLong(i);
                    return rs.wasNull() ? null : v;
                }
                case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
                    double v = rs.getDouble(i);
                    return rs.wasNull() ? null : v;
                }
                case Types.DECIMAL, Types.NUMERIC -> {
                    return rs.getBigDecimal(i);
                }
                case Types.DATE -> {
                    Date d = rs.getDate(i, UTC);
                    return d == null ? null : LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L));
                }
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                    Timestamp t = rs.getTimestamp(i, UTC);
                    return t == null ? null : LocalDateTime.ofEpochSecond(Math.floorDiv(t.getTime(), 1000L), t.getNanos(), ZoneOffset.UTC);
                }
                case Types.BOOLEAN -> {
                    boolean v = rs.getBoolean(i);
                    return rs.wasNull() ? null : Boolean.toString(v);
                }
                default -> {
                    Object v = rs.getObject(i);
                    return v == null ? null : v.toString();
                }
            }
        }

        @Override
        public Object[] row() {
            return row;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (reads; connection; Statement statement = rs.getStatement(); rs) {
                // closing the result set closes the scan and its stream (the HTTP export)
            } catch (SQLException e) {
                throw new UpstreamException("Closing the query on DataSet '" + dataset.id() + "' failed: " + e.getMessage(), e);
            }
        }
    }
}
