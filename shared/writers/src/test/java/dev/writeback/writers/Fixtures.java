package dev.writeback.writers;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.output.WriteOptions;
import dev.writeback.core.output.WriteSpec;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.time.Deadline;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;

/** The rows most tests write: every Domo type, nulls, an empty string, and text that needs CSV quoting. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
    static final List<Column> SCHEMA = List.of(new Column("name", DomoType.STRING), new Column("qty", DomoType.LONG),
            new Column("price", DomoType.DOUBLE), new Column("amount", DomoType.DECIMAL), new Column("day", DomoType.DATE),
            new Column("at", DomoType.DATETIME));
    static final List<Object[]> ROWS = List.of(
            new Object[]{"Ann", 3L, 1.5, new BigDecimal("10.25"), LocalDate.of(2024, 1, 2), LocalDateTime.of(2024, 1, 2, 3, 4, 5)},
            new Object[]{"", null, 2.0, null, null, null},
            new Object[]{"say \"hi\", ok", -7L, 0.1, new BigDecimal("-0.5"), LocalDate.of(1999, 12, 31), LocalDateTime.of(2000, 1, 1, 0, 0, 0)},
            new Object[]{"two\nlines", 0L, null, new BigDecimal("12345678901234567890.123"), null, LocalDateTime.of(2024, 2, 29, 23, 59, 59)},
            new Object[]{null, null, null, null, null, null});

    /** The CSV of {@link #ROWS} with a header, in Domo's dialect. */
    static final String CSV = """
            name,qty,price,amount,day,at
            Ann,3,1.5,10.25,2024-01-02,2024-01-02T03:04:05
            "",,2.0,,,
            "say ""hi"", ok",-7,0.1,-0.5,1999-12-31,2000-01-01T00:00:00
            "two
            lines",0,,12345678901234567890.123,,2024-02-29T23:59:59
            ,,,,,
            """;

    static InMemoryDataPlane plane() {
        return new InMemoryDataPlane().add("ds-1", "Orders", SCHEMA, ROWS.size(), i -> ROWS.get((int) i).clone());
    }

    static RowCursor cursor() {
        return plane().openQuery("ds-1", "select * from tbl");
    }

    static WriteSpec spec(Map<String, ?> options) {
        return WriteOptions.parse(options, "ds-1", "Orders", NOW, Deadline.after(Duration.ofMinutes(5), Clock.systemUTC()))
                .withRunId("run-7");
    }

    /** Every record of a Parquet file, as parquet's example reader sees it. */
    static List<Group> parquetRows(Path file) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = new ParquetReader.Builder<Group>(new LocalInputFile(file), new PlainParquetConfiguration()) {
            @Override
            protected ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        }.build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g);
            }
        }
        return rows;
    }

    static String row(Object[] r) {
        return Arrays.toString(r);
    }

    private Fixtures() {
    }
}
