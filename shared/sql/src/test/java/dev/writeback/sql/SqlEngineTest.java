package dev.writeback.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.Dataset;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.QueryResult;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.UnprocessableException;
import dev.writeback.core.error.UpstreamException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SqlEngineTest {

    static final Dataset ALL_TYPES = new Dataset("ds-1", "All types", null, null, null, 4, List.of(
            new Column("name", DomoType.STRING), new Column("count", DomoType.LONG), new Column("ratio", DomoType.DOUBLE),
            new Column("price", DomoType.DECIMAL), new Column("day", DomoType.DATE), new Column("at", DomoType.DATETIME),
            new Column("col a", DomoType.STRING)), null, null, null);

    static final String CSV = String.join("\n",
            "\"name\",\"count\",\"ratio\",\"price\",\"day\",\"at\",\"col a\"",
            "open,3,1.5,12.50,2024-03-01,2024-03-01T10:20:30,x",
            ",,,,,,",
            "\"\",-7,-0.25,0.001,1969-12-31,1969-12-31T23:59:59,\"say \"\"hi\"\"\"",
            "\"multi\r\nline, with comma\",9223372036854775807,1e300,123456789012345678.0123456789,2000-02-29,2000-02-29 12:00:00,Grüße 日本 🎉",
            "");

    LongAdder rowsRead = new LongAdder();

    List<List<Object>> rows(String csv, String sql) {
        return result(csv, sql).rows();
    }

    QueryResult result(String csv, String sql) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return SqlEngine.query(ALL_TYPES, () -> new ByteArrayInputStream(bytes), true, sql, rowsRead, 1000);
    }

    @Test
    void aResultTooLargeToHoldIsRefusedWithTheWayToStreamIt() {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        UnprocessableException e = assertThrows(
                UnprocessableException.class, () -> SqlEngine.query(ALL_TYPES,
                        () -> new ByteArrayInputStream(bytes), true, "select * from tbl", rowsRead, 1000, 400));
        assertEquals("The query result passes 400 bytes after 2 rows, too much to hold at once; add a LIMIT or a WHERE"
                + " clause, or stream it (DOMO.queryBatches or DOMO.writeTo).", e.getMessage());
    }

    @Test
    void everyTypeWithNullsEmptyStringsQuotesNewlinesAndUnicode() {
        QueryResult r = result(CSV, "select * from tbl");
        assertEquals(ALL_TYPES.schema(), r.columns());
        assertEquals(List.of(
                List.of("open", 3L, 1.5, new BigDecimal("12.50"), LocalDate.of(2024, 3, 1), LocalDateTime.of(2024, 3, 1, 10, 20, 30), "x"),
                Arrays.asList(null, null, null, null, null, null, null),
                List.of("", -7L, -0.25, new BigDecimal("0.001"), LocalDate.of(1969, 12, 31), LocalDateTime.of(1969, 12, 31, 23, 59, 59),
                        "say \"hi\""),
                List.of("multi\r\nline, with comma", Long.MAX_VALUE, 1e300, new BigDecimal("123456789012345678.0123456789"),
                        LocalDate.of(2000, 2, 29), LocalDateTime.of(2000, 2, 29, 12, 0), "Grüße 日本 🎉")), r.rows());
        assertEquals(4, rowsRead.sum());
    }

    @Test
    void theTableAnswersToTblTableAndTheBackQuotedId() {
        List<List<Object>> expected = List.of(List.of(4L));
        assertEquals(expected, rows(CSV, "select count(*) from tbl"));
        assertEquals(expected, rows(CSV, "SELECT COUNT(*) FROM table"));
        assertEquals(expected, rows(CSV, "select count(*) from `ds-1`"));
        assertEquals(List.of(List.of(1L, 2L)), rows(CSV, "select count(*), count(t.day) + 1 from tbl as t join table t2 on t.name = t2.name where t.name = 'open'"));
    }

    @Test
    void columnsWithSpacesInBothQuotingStylesAndStringsInSingleQuotes() {
        assertEquals(List.of(List.of("x")), rows(CSV, "select \"col a\" from tbl where name = 'open'"));
        assertEquals(List.of(List.of("x")), rows(CSV, "select `col a` from tbl where \"name\" = 'open'"));
        assertEquals(List.of(List.of("say \"hi\"", "it's")), rows(CSV, "select `col a`, 'it''s' from tbl where `col a` like 'say%'"));
    }

    @Test
    void filtersAndAggregatesOnTypedValues() {
        assertEquals(List.of(List.of("open", 15.0)),
                rows(CSV, "select name, ratio * 10 from tbl where day >= date '2024-01-01' and at < timestamp '2024-03-02 00:00:00'"));
        assertEquals(List.of(Arrays.asList(new BigDecimal("123456789012345690.5133456789"), 3L)),
                rows(CSV, "select sum(price), count(*) from tbl where count < 100 or name is null and count is not null or count > 0"));
    }

    @Test
    void identifiersAreCaseSensitive() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> rows(CSV, "select NAME from tbl"));
        assertEquals("SQL error: From line 1, column 8 to line 1, column 11: Column 'NAME' not found in any table; did you mean 'name'? "
                + "The DataSet's table is tbl (or table, or `ds-1`); its columns are [name, count, ratio, price, day, at, col a] "
                + "(names are case-sensitive).", e.getMessage());
    }

    @Test
    void anUnknownTableIsAClearError() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> rows(CSV, "select * from sales"));
        assertEquals("SQL error: From line 1, column 15 to line 1, column 19: Object 'sales' not found. "
                + "The DataSet's table is tbl (or table, or `ds-1`); its columns are [name, count, ratio, price, day, at, col a] "
                + "(names are case-sensitive).", e.getMessage());
    }

    @Test
    void onlyOneReadOnlyStatementRuns() {
        assertEquals("Only a read-only query (SELECT, WITH, UNION, VALUES, ORDER BY) may run on a DataSet; found CREATE.",
                assertThrows(InvalidInputException.class, () -> rows(CSV, "create table x (a int)")).getMessage());
        assertEquals("Only a read-only query (SELECT, WITH, UNION, VALUES, ORDER BY) may run on a DataSet; found DROP.",
                assertThrows(InvalidInputException.class, () -> rows(CSV, "drop table tbl")).getMessage());
        assertEquals("Only a read-only query (SELECT, WITH, UNION, VALUES, ORDER BY) may run on a DataSet; found INSERT.",
                assertThrows(InvalidInputException.class, () -> rows(CSV, "insert into tbl (name) values ('x')")).getMessage());
        assertEquals("Only a read-only query (SELECT, WITH, UNION, VALUES, ORDER BY) may run on a DataSet; found DELETE.",
                assertThrows(InvalidInputException.class, () -> rows(CSV, "/* c */ delete from tbl where 1 = 1")).getMessage());
        assertEquals("Only a read-only query (SELECT, WITH, UNION, VALUES, ORDER BY) may run on a DataSet; found UPDATE.",
                assertThrows(InvalidInputException.class, () -> rows(CSV, "update tbl set name = 'x'")).getMessage());
        assertEquals("Exactly one SQL statement may run; found 2.",
                assertThrows(InvalidInputException.class, () -> rows(CSV, "select 1 from tbl; select 2 from tbl")).getMessage());
        assertEquals("The SQL query is empty.", assertThrows(InvalidInputException.class, () -> rows(CSV, "  ")).getMessage());
    }

    @Test
    void readOnlyShapesRun() {
        assertEquals(List.of(List.of(1L), List.of(2L)), rows(CSV, "values (1), (2)"));
        assertEquals(List.of(List.of("open"), List.of("open")),
                rows(CSV, "with o as (select name from tbl where name = 'open') select * from o union all select name from o"));
        assertEquals(List.of(Arrays.asList((Object) null), List.of(""), List.of("multi\r\nline, with comma"), List.of("open")),
                rows(CSV, "select name from tbl order by name nulls first"));
        assertEquals(List.of(List.of("open")), rows(CSV, "select name from tbl -- a comment; drop table tbl\n where count = 3"));
    }

    @Test
    void deeplyNestedOrHugeSqlIsAClearErrorNamingTheLimit() {
        String nested = "select " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " from tbl";
        InvalidInputException deep = assertThrows(InvalidInputException.class, () -> rows(CSV, nested));
        assertEquals("The SQL query nests parentheses 10000 deep; at most " + ReadOnlySql.MAX_NESTING + " levels are allowed.",
                deep.getMessage());

        String terms = "select " + String.join(" + ", Collections.nCopies(100_000, "count")) + " from tbl";
        InvalidInputException huge = assertThrows(InvalidInputException.class, () -> rows(CSV, terms));
        assertEquals("The SQL query is " + terms.length() + " characters long; at most " + ReadOnlySql.MAX_LENGTH
                + " are allowed.", huge.getMessage());

        String manyTerms = "select " + String.join("+", Collections.nCopies(30_000, "1")) + " from tbl";
        InvalidInputException many = assertThrows(InvalidInputException.class, () -> rows(CSV, manyTerms));
        assertEquals("The SQL query has 29999 operators; at most " + ReadOnlySql.MAX_OPERATORS + " are allowed.", many.getMessage());

        String withinLimits = "select " + "(".repeat(50) + "count" + ")".repeat(50) + " + "
                + String.join(" + ", Collections.nCopies(ReadOnlySql.MAX_OPERATORS - 1, "1")) + " as n from tbl where name = 'open'";
        assertEquals(List.of(List.of(3L + ReadOnlySql.MAX_OPERATORS - 1)), rows(CSV, withinLimits), "300 operators, 50 deep");
    }

    @Test
    void aJoinReadsTheTableOncePerReferenceAndItsReReadsAreCapped() {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        LongAdder opens = new LongAdder();
        CsvSource counting = () -> {
            opens.increment();
            return new ByteArrayInputStream(bytes);
        };
        // before: 21 opens (1 + 4 + 4 × 4: the nested loops re-exported the inner sides for each outer row)
        try (RowCursor c = SqlEngine.open(ALL_TYPES, counting, true, "select count(*) from tbl a, tbl b, tbl c", rowsRead, 1000)) {
            c.next();
            assertEquals(64L, c.row()[0]);
        }
        assertEquals(3, opens.sum());
        assertEquals(12, rowsRead.sum());

        UnprocessableException e = assertThrows(UnprocessableException.class, () -> {
            try (RowCursor c = SqlEngine.open(ALL_TYPES, counting, true, "select count(*) from tbl a, tbl b, tbl c", rowsRead, 10)) {
                c.next();
            }
        });
        assertEquals("The query's joins read more than 10 rows of DataSet 'ds-1' (a join without an equality condition reads the"
                + " whole table again for every row of its other side); join on a condition (a.id = b.id) or filter the sides"
                + " first.", e.getMessage());
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> rows(CSV, "select name fro tbl"));
        assertEquals("SQL syntax error: Encountered \"tbl\" at line 1, column 17.", e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeNamesRowColumnAndValue() {
        String bad = "\"name\",\"count\",\"ratio\",\"price\",\"day\",\"at\",\"col a\"\n"
                + "a,1,1,1,2024-01-01,2024-01-01T00:00:00,x\n"
                + "b,two,1,1,2024-01-01,2024-01-01T00:00:00,x\n";
        assertEquals("DataSet 'ds-1' row 2, column 'count' (LONG): 'two' is not a whole number",
                assertThrows(UnprocessableException.class, () -> rows(bad, "select * from tbl")).getMessage());
        assertEquals("DataSet 'ds-1' row 1, column 'day' (DATE): '2024-13-01' is not a valid date",
                assertThrows(UnprocessableException.class,
                        () -> rows(bad.replace("a,1,1,1,2024-01-01", "a,1,1,1,2024-13-01"), "select day from tbl")).getMessage());
        assertEquals("DataSet 'ds-1' row 1, column 'at' (DATETIME): 'yesterday' is not a date-time (yyyy-MM-ddTHH:mm:ss)",
                assertThrows(UnprocessableException.class,
                        () -> rows(bad.replace("2024-01-01T00:00:00,x\nb", "yesterday,x\nb"), "select at from tbl")).getMessage());
        assertEquals("DataSet 'ds-1' row 1, column 'ratio' (DOUBLE): '1,5' is not a number",
                assertThrows(UnprocessableException.class,
                        () -> rows(bad.replace("a,1,1,", "a,1,\"1,5\","), "select ratio from tbl")).getMessage());
        assertEquals("DataSet 'ds-1' row 1 has 6 fields, but the DataSet has 7 columns",
                assertThrows(UnprocessableException.class,
                        () -> rows(bad.replace("a,1,1,1,", "a,1,1,"), "select name from tbl")).getMessage());
    }

    @Test
    void aHeaderThatDoesNotMatchTheSchemaIsAnUpstreamError() {
        UpstreamException e = assertThrows(UpstreamException.class, () -> rows(CSV.replace("\"ratio\"", "\"rate\""), "select name from tbl"));
        assertEquals("Domo's CSV export of DataSet 'ds-1' has the columns [name, count, rate, price, day, at, col a], "
                + "but its schema lists [name, count, ratio, price, day, at, col a]", e.getMessage());
    }

    @Test
    void aCursorStreamsRowsAndNamesResultColumns() {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        try (RowCursor c = SqlEngine.open(ALL_TYPES, () -> new ByteArrayInputStream(bytes), true,
                "select name as n, count + 1 as c1, day from tbl where count > 0", rowsRead)) {
            assertEquals(List.of(new Column("n", DomoType.STRING), new Column("c1", DomoType.LONG), new Column("day", DomoType.DATE)),
                    c.columns());
            assertEquals(true, c.next());
            assertEquals(List.of("open", 4L, LocalDate.of(2024, 3, 1)), Arrays.asList(c.row()));
            assertEquals(true, c.next());
            assertEquals(List.of("multi\r\nline, with comma"), Arrays.asList(c.row()).subList(0, 1));
            assertEquals(false, c.next());
        }
    }

    @Test
    void equalityOnAStringAndTheProjectionArePushedIntoTheScan() {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        assertEquals("EnumerableInterpreter\n  BindableTableScan(table=[[tbl]], filters=[[=($0, 'open')]], projects=[[0, 4]])",
                SqlEngine.explain(ALL_TYPES, () -> new ByteArrayInputStream(bytes), "select name, day from tbl where name = 'open'")
                        .replace("\r", ""));
    }
}
