package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.output.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How Domo's types map to Parquet's, and what a Parquet reader finds for tricky cells. */
class ParquetEncoderTest {
    private static final List<Column> EVERY_TYPE = List.of(new Column("name", DomoType.STRING), new Column("qty", DomoType.LONG),
            new Column("price", DomoType.DOUBLE), new Column("amount", DomoType.DECIMAL), new Column("day", DomoType.DATE),
            new Column("at", DomoType.DATETIME));

    @TempDir
    Path dir;

    @Test
    void everyDomoTypeMapsToAnOptionalParquetColumn() {
        assertEquals("message row { optional binary name (STRING); optional int64 qty; optional double price; "
                        + "optional binary amount (STRING); optional int32 day (DATE); optional int64 at (TIMESTAMP(MILLIS,true)); }",
                ParquetEncoder.schema(EVERY_TYPE).toString().replaceAll("\\s+", " ").strip());
    }

    @Test
    void valuesReadBackAsTheirParquetTypes() throws IOException {
        List<String> rows = roundTrip(EVERY_TYPE,
                new Object[] {"Zoë 日本 🎉", 3L, 1.5, new BigDecimal("12345678901234567890.123"), LocalDate.of(2024, 2, 29),
                        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_900_000)},
                new Object[] {"say \"hi\",\nok", -7L, 0.1, new BigDecimal("-0.50"), LocalDate.of(1969, 12, 31),
                        Instant.parse("1969-12-31T23:59:59Z")});

        assertEquals(List.of(
                "name=Zoë 日本 🎉 qty=3 price=1.5 amount=12345678901234567890.123 day=2024-02-29 at=2024-01-02T03:04:05.678Z",
                "name=say \"hi\",\nok qty=-7 price=0.1 amount=-0.50 day=1969-12-31 at=1969-12-31T23:59:59Z"), rows);
    }

    @Test
    void nullsNaNAndInfinityAreAbsentAndAnEmptyStringIsPresent() throws IOException {
        List<String> rows = roundTrip(EVERY_TYPE,
                new Object[] {"", null, Double.NaN, null, null, null},
                new Object[] {null, null, Double.POSITIVE_INFINITY, null, null, null},
                new Object[] {"short row"});

        assertEquals(List.of("name=", "", "name=short row"), rows);
    }

    @Test
    void textCellsAreParsedIntoTheColumnsType() throws IOException {
        List<String> rows = roundTrip(EVERY_TYPE, new Object[] {42, "42", "2.5", 7L, "2024-02-29", "2024-01-02 03:04:05"},
                new Object[] {null, 9, 3, null, null, LocalDate.of(2024, 3, 1)});

        assertEquals(List.of("name=42 qty=42 price=2.5 amount=7 day=2024-02-29 at=2024-01-02T03:04:05Z",
                "qty=9 price=3.0 at=2024-03-01T00:00:00Z"), rows);
    }

    /** Writes the rows, reads them back: each row as {@code column=value} for the columns present. */
    private List<String> roundTrip(List<Column> columns, Object[]... rows) throws IOException {
        Path file = dir.resolve("rows.parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            RowEncoder encoder = RowEncoder.open(Format.of(Format.Type.PARQUET), columns, out);
            for (Object[] row : rows) {
                encoder.write(row);
            }
            encoder.finish();
        }
        List<String> read = new ArrayList<>();
        for (Group g : Fixtures.parquetRows(file)) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (g.getFieldRepetitionCount(i) > 0) {
                    cells.add(columns.get(i).name() + "=" + value(columns.get(i).type(), g, i));
                }
            }
            read.add(String.join(" ", cells));
        }
        return read;
    }

    private static String value(DomoType type, Group g, int field) {
        return switch (type) {
            case STRING, DECIMAL -> g.getString(field, 0);
            case LONG -> Long.toString(g.getLong(field, 0));
            case DOUBLE -> Double.toString(g.getDouble(field, 0));
            case DATE -> LocalDate.ofEpochDay(g.getInteger(field, 0)).toString();
            case DATETIME -> Instant.ofEpochMilli(g.getLong(field, 0)).toString();
        };
    }
}
