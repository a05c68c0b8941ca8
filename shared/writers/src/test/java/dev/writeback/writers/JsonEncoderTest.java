package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.output.Format;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user finds in a JSON Lines or JSON file for tricky cells: one object per row, column name → value. */
class JsonEncoderTest {
    private static final Format JSONL = Format.of(Format.Type.JSONL);
    private static final Format JSON = Format.of(Format.Type.JSON);
    private static final List<Column> ONE = List.of(new Column("v", DomoType.STRING));

    /** The JSON Lines of one column, lines joined by |. */
    static String lines(Object... values) throws IOException {
        Object[][] rows = new Object[values.length][];
        for (int i = 0; i < values.length; i++) {
            rows[i] = new Object[] {values[i]};
        }
        return CsvEncoderTest.csv(JSONL, ONE, rows).replace("\n", "|");
    }

    @Test
    void nullsAreNullAndAnEmptyStringStaysAString() throws IOException {
        assertEquals("{\"v\":null}|{\"v\":\"\"}|", lines(null, ""));
    }

    @Test
    void stringsAreEscapedAndUnicodeIsUtf8ButAnEmojiIsASurrogatePairEscape() throws IOException {
        // valid JSON either way: a reader decodes the escaped surrogate pair to the same emoji
        assertEquals("{\"v\":\"say \\\"hi\\\", ok\"}|{\"v\":\"two\\nlines\\r\\ttab\"}|{\"v\":\"back\\\\slash /\"}|"
                        + "{\"v\":\"bell\\u0007\"}|{\"v\":\"Zoë 日本 \\uD83C\\uDF89\"}|",
                lines("say \"hi\", ok", "two\nlines\r\ttab", "back\\slash /", "bell\u0007", "Zoë 日本 🎉"));
    }

    @Test
    void numbersKeepTheirTypeAndDecimalsTheirDigits() throws IOException {
        assertEquals("{\"v\":-7}|{\"v\":0.1}|{\"v\":1.0E20}|{\"v\":12345678901234567890.123}|{\"v\":-0.50}|{\"v\":7}|",
                lines(-7L, 0.1, 1e20, new BigDecimal("12345678901234567890.123"), new BigDecimal("-0.50"), 7));
    }

    @Test
    void aNaNOrInfiniteDoubleIsNull() throws IOException {
        assertEquals("{\"v\":null}|{\"v\":null}|", lines(Double.NaN, Double.NEGATIVE_INFINITY));
    }

    @Test
    void booleansAreJsonBooleansAndDatesAreIsoStrings() throws IOException {
        assertEquals("{\"v\":true}|{\"v\":\"2024-02-29\"}|{\"v\":\"2024-01-02T03:04:05\"}|{\"v\":\"2024-03-01T10:00:00\"}|",
                lines(true, LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 600_000_000),
                        Instant.parse("2024-03-01T10:00:00.250Z")));
    }

    @Test
    void everyColumnIsWrittenInOrderAndAShortRowEndsInNulls() throws IOException {
        List<Column> columns = List.of(new Column("b", DomoType.LONG), new Column("a", DomoType.STRING),
                new Column("with space", DomoType.DOUBLE));

        assertEquals("{\"b\":1,\"a\":\"x\",\"with space\":2.5}\n{\"b\":2,\"a\":null,\"with space\":null}\n",
                CsvEncoderTest.csv(JSONL, columns, new Object[] {1L, "x", 2.5}, new Object[] {2L}));
    }

    @Test
    void jsonIsOneArrayOfTheSameObjects() throws IOException {
        List<Column> columns = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING));

        assertEquals("[{\"id\":1,\"name\":\"Ann\"},{\"id\":2,\"name\":null}]\n",
                CsvEncoderTest.csv(JSON, columns, new Object[] {1L, "Ann"}, new Object[] {2L, null}));
        assertEquals("[]\n", CsvEncoderTest.csv(JSON, columns), "no rows: an empty array");
        assertEquals("", CsvEncoderTest.csv(JSONL, columns), "no rows: an empty file");
    }
}
