package dev.writeback.sql;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.error.UpstreamException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A DataSet as a Calcite table streamed from its CSV: typed by the Domo schema, decoding only
 * the projected columns, and testing pushed-down {@code column = 'literal'} filters on the raw
 * bytes before anything is decoded.
 */
final class DatasetTable extends AbstractTable implements ProjectableFilterableTable {

    static final int DECIMAL_PRECISION = 38;
    static final int DECIMAL_SCALE = 10;

    private final Dataset dataset;
    private final TableReads reads;
    private final boolean header;

    DatasetTable(Dataset dataset, TableReads reads, boolean header) {
        this.dataset = dataset;
        this.reads = reads;
        this.header = header;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        RelDataTypeFactory.Builder b = f.builder();
        for (Column c : dataset.schema()) {
            RelDataType t = switch (c.type()) {
                case STRING -> f.createSqlType(SqlTypeName.VARCHAR);
                case LONG -> f.createSqlType(SqlTypeName.BIGINT);
                case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
                case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, DECIMAL_PRECISION, DECIMAL_SCALE);
                case DATE -> f.createSqlType(SqlTypeName.DATE);
                case DATETIME -> f.createSqlType(SqlTypeName.TIMESTAMP);
            };
            b.add(c.name(), f.createTypeWithNullability(t, true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        int n = dataset.schema().size();
        int[] cols = projects != null ? projects : IntStream.range(0, n).toArray();
        List<int[]> eqColumn = new ArrayList<>();
        List<byte[]> eqValue = new ArrayList<>();
        filters.removeIf(filter -> {
            if (filter.getKind() != SqlKind.EQUALS) {
                return false;
            }
            List<RexNode> ops = ((RexCall) filter).getOperands();
            RexNode a = ops.get(0);
            RexNode b = ops.get(1);
            if (a instanceof RexLiteral) {
                RexNode t = a;
                a = b;
                b = t;
            }
            if (a instanceof RexInputRef ref && b instanceof RexLiteral lit
                    && dataset.schema().get(ref.getIndex()).type() == DomoType.STRING
                    && SqlTypeName.CHAR_TYPES.contains(lit.getTypeName()) && lit.getValueAs(String.class) != null) {
                eqColumn.add(new int[] {ref.getIndex()});
                eqValue.add(lit.getValueAs(String.class).getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        });
        int[] filterCols = eqColumn.stream().mapToInt(x -> x[0]).toArray();
        byte[][] filterValues = eqValue.toArray(new byte[0][]);
        AtomicBoolean cancel = root == null ? null : DataContext.Variable.CANCEL_FLAG.get(root);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new Scan(cols, filterCols, filterValues, cancel);
            }
        };
    }

    private final class Scan implements Enumerator<Object[]> {
        private final int[] cols;
        private final DomoType[] types;
        private final int[] filterCols;
        private final byte[][] filterValues;
        private final AtomicBoolean cancel;
        private final boolean[] ok = new boolean[1];
        private DomoCsvReader reader;
        private TableReads.Scan counted;
        private Object[] current;
        private long dataRow;

        Scan(int[] cols, int[] filterCols, byte[][] filterValues, AtomicBoolean cancel) {
            this.cols = cols;
            this.types = new DomoType[cols.length];
            for (int i = 0; i < cols.length; i++) {
                types[i] = dataset.schema().get(cols[i]).type();
            }
            this.filterCols = filterCols;
            this.filterValues = filterValues;
            this.cancel = cancel;
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            try {
                if (reader == null) {
                    open();
                }
                int expected = dataset.schema().size();
                outer:
                while (reader.next()) {
                    counted.row();
                    if ((++dataRow & 0xFFF) == 0 && cancel != null && cancel.get()) {
                        return false;
                    }
                    if (reader.fieldCount() != expected) {
                        throw new UnprocessableException("DataSet '" + dataset.id() + "' " + where() + " has " + reader.fieldCount() + " fields, but the DataSet has "
                                + expected + " columns");
                    }
                    for (int i = 0; i < filterCols.length; i++) {
                        if (!reader.equalsBytes(filterCols[i], filterValues[i])) {
                            continue outer;
                        }
                    }
                    Object[] row = new Object[cols.length];
                    for (int i = 0; i < cols.length; i++) {
                        row[i] = value(cols[i], types[i]);
                    }
                    current = row;
                    return true;
                }
                return false;
            } catch (DomoCsvReader.CsvFormatException e) {
                throw new UpstreamException("Domo's CSV export of DataSet '" + dataset.id() + "' is malformed near "
                        + where() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UpstreamException("Reading DataSet '" + dataset.id() + "' from Domo failed after " + dataRow
                        + " rows: " + e.getMessage(), e);
            }
        }

        private void open() throws IOException {
            TableReads.Opened opened = reads.open();
            counted = opened.scan();
            reader = new DomoCsvReader(opened.in());
            if (header && reader.next()) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < reader.fieldCount(); i++) {
                    names.add(reader.text(i));
                }
                List<String> schema = dataset.schema().stream().map(Column::name).toList();
                if (!names.equals(schema)) {
                    throw new UpstreamException("Domo's CSV export of DataSet '" + dataset.id() + "' has the columns " + names
                            + ", but its schema lists " + schema);
                }
            }
        }

        private String where() {
            return "row " + dataRow;
        }

        private Object value(int f, DomoType type) {
            if (type == DomoType.STRING) {
                return reader.string(f);
            }
            if (reader.isEmpty(f)) {
                return null;
            }
            switch (type) {
                case LONG -> {
                    long v = reader.parseLong(f, ok);
                    if (!ok[0]) {
                        throw bad(f, type, "is not a whole number");
                    }
                    return v;
                }
                case DOUBLE -> {
                    try {
                        return Double.parseDouble(reader.ascii(f));
                    } catch (NumberFormatException e) {
                        throw bad(f, type, "is not a number");
                    }
                }
                case DECIMAL -> {
                    try {
                        return new BigDecimal(reader.ascii(f).trim());
                    } catch (NumberFormatException e) {
                        throw bad(f, type, "is not a decimal number");
                    }
                }
                case DATE -> {
                    return date(f);
                }
                case DATETIME -> {
                    return dateTime(f);
                }
                default -> throw new IllegalStateException(type.name());
            }
        }

        /** Days since 1970-01-01 (Calcite's DATE); {@code yyyy-MM-dd}. */
        private Integer date(int f) {
            int y = reader.digits(f, 0, 4);
            int m = reader.digits(f, 5, 2);
            int d = reader.digits(f, 8, 2);
            if (reader.length(f) == 10 && y >= 0 && m >= 0 && d >= 0 && reader.byteAt(f, 4) == '-' && reader.byteAt(f, 7) == '-') {
                try {
                    return (int) LocalDate.of(y, m, d).toEpochDay();
                } catch (DateTimeException e) {
                    throw bad(f, DomoType.DATE, "is not a valid date");
                }
            }
            throw bad(f, DomoType.DATE, "is not a date (yyyy-MM-dd)");
        }

        /** Milliseconds since the epoch, UTC (Calcite's TIMESTAMP); {@code yyyy-MM-ddTHH:mm:ss[.SSS][Z]}, or a space for T. */
        private Long dateTime(int f) {
            int len = reader.length(f);
            if (len == 19 && reader.byteAt(f, 4) == '-' && reader.byteAt(f, 7) == '-'
                    && (reader.byteAt(f, 10) == 'T' || reader.byteAt(f, 10) == ' ')
                    && reader.byteAt(f, 13) == ':' && reader.byteAt(f, 16) == ':') {
                int y = reader.digits(f, 0, 4);
                int mo = reader.digits(f, 5, 2);
                int d = reader.digits(f, 8, 2);
                int h = reader.digits(f, 11, 2);
                int mi = reader.digits(f, 14, 2);
                int s = reader.digits(f, 17, 2);
                if (y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && s >= 0) {
                    try {
                        return LocalDateTime.of(y, mo, d, h, mi, s).toEpochSecond(ZoneOffset.UTC) * 1000;
                    } catch (DateTimeException e) {
                        throw bad(f, DomoType.DATETIME, "is not a valid date-time");
                    }
                }
            }
            String text = reader.text(f).trim().replace(' ', 'T');
            try {
                if (text.endsWith("Z")) {
                    return Instant.parse(text).toEpochMilli();
                }
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw bad(f, DomoType.DATETIME, "is not a date-time (yyyy-MM-ddTHH:mm:ss)");
            }
        }

        private UnprocessableException bad(int f, DomoType type, String what) {
            return new UnprocessableException("DataSet '" + dataset.id() + "' " + where() + ", column '"
                    + dataset.schema().get(f).name() + "' (" + type + "): '" + reader.text(f) + "' " + what);
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a streamed DataSet is read once");
        }

        @Override
        public void close() {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
