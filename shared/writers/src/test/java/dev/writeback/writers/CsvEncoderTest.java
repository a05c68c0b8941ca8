package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.output.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user finds in a CSV file for tricky cells, in Domo's dialect (RFC 4180, LF line ends). */
class CsvEncoderTest {
    private static final List<Column> ONE = List.of(new Column("v", DomoType.STRING));

    static String csv(Format format, List<Column> columns, Object[]... rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RowEncoder encoder = RowEncoder.open(format, columns, out);
        for (Object[] row : rows) {
            encoder.write(row);
        }
        encoder.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The cells of one column, without the header, as the file holds them (lines joined by |). */
    static String cells(Object... values) throws IOException {
        Object[][] rows = new Object[values.length][];
        for (int i = 0; i < values.length; i++) {
            rows[i] = new Object[] {values[i]};
        }
        String text = csv(Format.csv(), ONE, rows);
        return text.substring(text.indexOf('\n') + 1).replace("\n", "|");
    }

    @Test
    void aNullIsAnEmptyFieldAndAnEmptyStringIsTwoQuotes() throws IOException {
        assertEquals("h1,h2,h3\n,\"\",x\n", csv(Format.csv(), List.of(new Column("h1", DomoType.STRING),
                new Column("h2", DomoType.STRING), new Column("h3", DomoType.STRING)), new Object[] {null, "", "x"}));
    }

    @Test
    void fieldsWithTheDelimiterAQuoteOrALineBreakAreQuotedWithQuotesDoubled() throws IOException {
        assertEquals("\"a,b\"|\"say \"\"hi\"\"\"|\"two|lines\"|\"cr\r\"| spaces stay unquoted |",
                cells("a,b", "say \"hi\"", "two\nlines", "cr\r", " spaces stay unquoted "));
    }

    @Test
    void unicodeIsWrittenAsUtf8Unquoted() throws IOException {
        assertEquals("Zoë 日本 🎉|tab\there|", cells("Zoë 日本 🎉", "tab\there"));
    }

    @Test
    void numbersAreWrittenPlainWithoutExponents() throws IOException {
        assertEquals("-7|0.1|100000000000000000000|0.00000010|12345678901234567890.123|-0.50|1000|",
                cells(-7L, 0.1, 1e20, 1e-7, new BigDecimal("12345678901234567890.123"), new BigDecimal("-0.50"), new BigDecimal("1E+3")));
    }

    @Test
    void aNaNOrInfiniteDoubleBecomesAnEmptyString() throws IOException {
        // unlike JSON (null) and Parquet (absent): the CSV field is "" — an empty string, not a null
        assertEquals("\"\"|\"\"|", cells(Double.NaN, Double.POSITIVE_INFINITY));
    }

    @Test
    void datesAndTimesAreIsoInUtcToTheSecond() throws IOException {
        assertEquals("2024-02-29|2024-01-02T03:04:05|2000-01-01T00:00:00|2024-03-01T10:00:00|",
                cells(LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                        LocalDateTime.of(2000, 1, 1, 0, 0, 0, 999_000_000), Instant.parse("2024-03-01T10:00:00.250Z")));
    }

    @Test
    void booleansAreTrueAndFalse() throws IOException {
        assertEquals("true|false|", cells(true, false));
    }

    @Test
    void anotherDelimiterAndQuoteQuoteOnlyWhatTheyClashWith() throws IOException {
        Format semicolons = new Format(Format.Type.CSV, false, ';', '\'', false, null);

        assertEquals("a,b;'c;d';'it''s';\"q\"\n", csv(semicolons, List.of(new Column("w", DomoType.STRING),
                new Column("x", DomoType.STRING), new Column("y", DomoType.STRING), new Column("z", DomoType.STRING)),
                new Object[] {"a,b", "c;d", "it's", "\"q\""}));
    }

    @Test
    void theHeaderIsTheColumnNamesQuotedLikeCells() throws IOException {
        assertEquals("id,\"amount, EUR\",\"say \"\"x\"\"\"\n", csv(Format.csv(), List.of(new Column("id", DomoType.LONG),
                new Column("amount, EUR", DomoType.DECIMAL), new Column("say \"x\"", DomoType.STRING))));
    }
}
