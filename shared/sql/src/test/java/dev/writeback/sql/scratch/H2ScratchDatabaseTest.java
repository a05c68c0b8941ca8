package dev.writeback.sql.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.scratch.ScratchColumnType;
import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.scratch.ScratchWhere;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class H2ScratchDatabaseTest {
    private static final H2ScratchDatabases ENGINE = new H2ScratchDatabases();

    private static Map<String, ScratchColumnType> schema() {
        Map<String, ScratchColumnType> s = new LinkedHashMap<>();
        s.put("id", ScratchColumnType.LONG);
        s.put("email", ScratchColumnType.STRING);
        s.put("score", ScratchColumnType.DOUBLE);
        s.put("sentOn", ScratchColumnType.DATE);
        s.put("at", ScratchColumnType.DATETIME);
        s.put("ok", ScratchColumnType.BOOLEAN);
        s.put("amount", ScratchColumnType.DECIMAL);
        return s;
    }

    @Test
    void rowsGoInTypedAndComeOutAsTheScriptWroteThem() {
        try (ScratchDatabase db = ENGINE.open(null, 1 << 20)) {
            db.createTable("sent", schema(), false);
            db.insert("sent", Map.of("id", 1, "email", "a@x.org", "score", 2.5, "sentOn", "2024-03-01",
                    "at", "2024-03-01T10:11:12.000Z", "ok", true, "amount", "10.50"));
            db.insert("sent", Map.of("id", "2", "email", "b@x.org"));
            List<Map<String, Object>> rows = db.select(List.of("*"), "sent", ScratchWhere.ALL, false);
            assertEquals(2, rows.size());
            Map<String, Object> first = rows.get(0);
            assertEquals(1L, first.get("id"));
            assertEquals("a@x.org", first.get("email"));
            assertEquals(2.5, first.get("score"));
            assertEquals("2024-03-01", first.get("sentOn"));
            assertEquals("2024-03-01T10:11:12", first.get("at"));
            assertEquals(true, first.get("ok"));
            assertEquals("10.5", first.get("amount").toString());
            assertEquals(null, rows.get(1).get("score"));
        }
    }

    @Test
    void whereSelectsUpdatesAndDeletesOnlyTheMatchingRows() {
        try (ScratchDatabase db = ENGINE.open(null, 1 << 20)) {
            db.createTable("t", Map.of("id", ScratchColumnType.LONG, "name", ScratchColumnType.STRING), false);
            for (int i = 1; i <= 5; i++) {
                db.insert("t", Map.of("id", i, "name", "n" + i));
            }
            assertEquals(List.of(Map.of("name", "n4"), Map.of("name", "n5")),
                    db.select(List.of("name"), "t", ScratchWhere.of(Map.of("id", Map.of(">", 3))), false));
            assertEquals(2, db.update("t", Map.of("name", "x"), ScratchWhere.of(Map.of("id", Map.of("in", List.of(1, 2))))));
            assertEquals(List.of(Map.of("name", "n3"), Map.of("name", "n4"), Map.of("name", "n5"), Map.of("name", "x")),
                    db.select(List.of("name"), "t", ScratchWhere.ALL, true));
            assertEquals(List.of(Map.of("id", 3L), Map.of("id", 4L), Map.of("id", 5L)),
                    db.select(List.of("id"), "t", ScratchWhere.of(Map.of("name", Map.of("like", "n%"))), false));
            assertEquals(List.of(Map.of("id", 1L)), db.select(List.of("id"), "t",
                    ScratchWhere.of(Map.of("name", "x", "id", Map.of("<=", 1))), false));
            assertEquals(1, db.delete("t", ScratchWhere.of(Map.of("name", "n3"))));
            assertEquals(4, db.delete("t", ScratchWhere.ALL));
            assertTrue(db.select(List.of("*"), "t", ScratchWhere.ALL, false).isEmpty());
        }
    }

    @Test
    void aSnapshotOpensAgainWithItsTablesAndRows() {
        byte[] saved;
        try (ScratchDatabase db = ENGINE.open(null, 1 << 20)) {
            db.createTable("seen", Map.of("id", ScratchColumnType.LONG), false);
            db.insert("seen", Map.of("id", 7));
            saved = db.snapshot();
        }
        try (ScratchDatabase db = ENGINE.open(saved, 1 << 20)) {
            db.createTable("seen", Map.of("id", ScratchColumnType.LONG), true);
            assertEquals(Map.of("seen", List.of(Map.of("id", 7L))), db.export());
        }
    }

    @Test
    void namesThatAreNotIdentifiersAreRefusedBeforeAnySqlIsBuilt() {
        try (ScratchDatabase db = ENGINE.open(null, 1 << 20)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> db.createTable("x\"; CALL CSVWRITE('/tmp/x', 'SELECT 1'); --", Map.of("a", ScratchColumnType.STRING), false));
            assertTrue(e.getMessage().startsWith("a table name is a letter or _"), e.getMessage());
            db.createTable("t", Map.of("a", ScratchColumnType.STRING), false);
            assertEquals("table 't' has no column 'b'; its columns are a",
                    assertThrows(InvalidInputException.class, () -> db.insert("t", Map.of("b", 1))).getMessage());
            assertEquals("there is no table 'u'; the tables are t",
                    assertThrows(InvalidInputException.class, () -> db.select(List.of("*"), "u", ScratchWhere.ALL, false)).getMessage());
            assertEquals("table 't' already exists (pass true as the third argument to create it only if it does not)",
                    assertThrows(InvalidInputException.class, () -> db.createTable("t", Map.of("a", ScratchColumnType.STRING), false)).getMessage());
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesTheColumnAndLeavesTheTableAsItWas() {
        try (ScratchDatabase db = ENGINE.open(null, 1 << 20)) {
            db.createTable("t", Map.of("n", ScratchColumnType.LONG, "d", ScratchColumnType.DATE), false);
            assertEquals("column 'n' is LONG; 'seven' is not a whole number",
                    assertThrows(InvalidInputException.class, () -> db.insert("t", Map.of("n", "seven"))).getMessage());
            assertEquals("column 'n' is LONG; 2.5 is not a whole number",
                    assertThrows(InvalidInputException.class, () -> db.insert("t", Map.of("n", 2.5))).getMessage());
            assertEquals("column 'd' is DATE; '03/01/2024' is not a date (yyyy-MM-dd)",
                    assertThrows(InvalidInputException.class, () -> db.insert("t", Map.of("d", "03/01/2024"))).getMessage());
            assertTrue(db.export().get("t").isEmpty());
        }
    }

    @Test
    void writesStopOnceTheFileReachesItsLimit() {
        try (ScratchDatabase db = ENGINE.open(null, 64 * 1024)) {
            db.createTable("t", Map.of("s", ScratchColumnType.STRING), false);
            String big = "x".repeat(8 * 1024);
            InvalidInputException full = assertThrows(InvalidInputException.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    db.insert("t", Map.of("s", big + i));
                }
            });
            assertTrue(full.getMessage().startsWith("the scratch database is full ("), full.getMessage());
            assertTrue(full.getMessage().endsWith("its limit is 65536); delete rows to write more"), full.getMessage());
        }
    }
}
