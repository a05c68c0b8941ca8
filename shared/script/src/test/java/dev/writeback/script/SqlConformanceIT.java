package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.Limits;
import dev.writeback.core.scratch.ScratchDatabase;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.time.Deadline;
import dev.writeback.sql.scratch.H2ScratchDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code sql} global (Domo's reference §1.6) in scripts of the documented style, on the real scratch database. */
class SqlConformanceIT {
    static GraalScriptRunner runner;
    static final H2ScratchDatabases ENGINE = new H2ScratchDatabases();

    @BeforeAll
    static void start() {
        runner = GraalScriptRunner.create();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static ProcessOutcome process(String code, ScratchDatabase db) {
        return runner.process(new ScriptSource("process.js", code), ScriptInput
                .builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC())).report("Default").baseUrl("https://api.domo.com")
                .scratchDatabase(db).build());
    }

    @Test
    void aScriptKeepsTrackOfWhatItSentAndReadsItBack() {
        String code = """
                sql.createTable('sent', {email: 'STRING', sentOn: 'DATE', attempts: 'LONG'}, true);
                var already = sql.select(['email'], 'sent', {email: 'ann@example.com'});
                if (already.length === 0) {
                  sql.insert('sent', {email: 'ann@example.com', sentOn: '2024-03-01', attempts: 1});
                  sql.insert('sent', {email: 'bob@example.com', sentOn: '2024-03-02', attempts: 1});
                }
                sql.update('sent', {attempts: 2}, {email: 'bob@example.com'});
                sql['delete']('sent', {sentOn: {'<': '2024-03-02'}});
                var rows = JSON.parse(sql.select('*', 'sent'));
                datagrid.addColumn('email', datagrid.DATA_TYPE_STRING);
                datagrid.addColumn('attempts', datagrid.DATA_TYPE_DOUBLE);
                rows.forEach(function (r) { datagrid.addCell(r.email); datagrid.addCell(r.attempts); datagrid.endRow(); });
                DOMO.log(JSON.stringify(sql.export()));
                """;
        try (ScratchDatabase db = ENGINE.open(null, Limits.SCRATCH_DATABASE_BYTES)) {
            ProcessOutcome out = process(code, db);
            assertNull(out.error());
            assertEquals(List.of(List.of("bob@example.com", 2.0)), out.grid().rows());
            assertEquals(List.of("{\"sent\":[{\"email\":\"bob@example.com\",\"sentOn\":\"2024-03-02\",\"attempts\":2}]}"), out.log());
        }
    }

    @Test
    void distinctValuesAndRicherConditions() {
        String code = """
                sql.createTable('events', {kind: 'STRING', n: 'LONG', at: 'DATETIME', ok: 'BOOLEAN'});
                [['open', 1], ['click', 2], ['open', 3], ['bounce', 4]].forEach(function (e) {
                  sql.insert('events', {kind: e[0], n: e[1], at: new Date(Date.UTC(2024, 0, e[1], 8, 30)), ok: e[1] % 2 === 1});
                });
                DOMO.log(sql.select(['kind'], 'events', null, true).map(function (r) { return r.kind; }).join(','));
                DOMO.log(sql.select('n, at', 'events', {kind: {in: ['open', 'click']}, n: {'>=': 2}}));
                DOMO.log(sql.select(['n'], 'events', {ok: true, kind: {like: 'o%'}}).length);
                DOMO.log(sql.update('events', {ok: false}, {kind: {'!=': 'open'}}));
                """;
        try (ScratchDatabase db = ENGINE.open(null, Limits.SCRATCH_DATABASE_BYTES)) {
            ProcessOutcome out = process(code, db);
            assertNull(out.error());
            assertEquals(List.of("bounce,click,open", "[{\"n\":2,\"at\":\"2024-01-02T08:30:00\"},{\"n\":3,\"at\":\"2024-01-03T08:30:00\"}]",
                    "2", "2"), out.log());
        }
    }

    @Test
    void badArgumentsAreScriptErrorsAtTheirLine() {
        try (ScratchDatabase db = ENGINE.open(null, Limits.SCRATCH_DATABASE_BYTES)) {
            assertEquals(new ScriptError(Kind.RUNTIME, "sql.insert: column 'n' is LONG; 'many' is not a whole number", "process.js", 2, 1, null),
                    process("sql.createTable('t', {n: 'LONG'});\nsql.insert('t', {n: 'many'});", db).error());
            assertEquals(new ScriptError(Kind.RUNTIME, "sql.select: where is an object of column → value, e.g. {id: 7} or "
                    + "{age: {'>': 30}}; SQL text is not accepted", "process.js", 1, 1, null),
                    process("sql.select('*', 't', \"n = 1; DROP TABLE t\");", db).error());
            assertEquals(new ScriptError(Kind.RUNTIME, "sql.createTable: column 'x' has the type 'TEXT'; use one of "
                    + "[STRING, LONG, DOUBLE, DECIMAL, DATE, DATETIME, BOOLEAN]", "process.js", 1, 1, null),
                    process("sql.createTable('u', {x: 'TEXT'});", db).error());
            assertEquals(new ScriptError(Kind.RUNTIME, "sql.select: there is no table 'nope'; the tables are t", "process.js", 1, 9, null),
                    process("var r = sql.select('*', 'nope');", db).error());
            assertEquals("caught: sql.createTable: a table name is a letter or _ followed by letters, digits or _ (at most 64), "
                    + "not 'x;CALL CSVWRITE(1)'", process("try { sql.createTable('x;CALL CSVWRITE(1)', {a: 'STRING'}); }"
                    + " catch (e) { DOMO.log('caught: ' + e.message); }", db).log().getFirst());
        }
    }

    @Test
    void authenticationScriptsHaveNoScratchDatabase() {
        ProcessOutcome out = process("sql.createTable('t', {a: 'STRING'});", null);
        assertEquals(new ScriptError(Kind.SANDBOX, "sql is not available here: only data-processing scripts of a job have a scratch "
                + "database", "process.js", 1, 1, null), out.error());
    }
}
