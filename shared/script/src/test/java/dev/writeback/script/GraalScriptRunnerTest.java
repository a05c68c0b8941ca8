package dev.writeback.script;

import static dev.writeback.script.Inputs.input;
import static dev.writeback.script.Inputs.js;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.script.AuthOutcome;
import dev.writeback.core.script.DataGrid;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptError.Kind;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.script.ScriptSyntaxException;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.time.Deadline;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GraalScriptRunnerTest {
    static GraalScriptRunner runner;

    @BeforeAll
    static void start() {
        runner = new GraalScriptRunner(ScriptLimits.defaults().withStatementLimit(300_000).withMaxStringLength(1 << 20),
                HttpPolicy.defaults());
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static ProcessOutcome run(String code) {
        return runner.process(js(code), input());
    }

    static void assertStillWorks() {
        ProcessOutcome ok = run("DOMO.log(6 * 7);");
        assertNull(ok.error());
        assertEquals(List.of("42"), ok.log());
    }

    @Test
    void es5StrictScriptRunsAndItsStrictErrorsAreReportedWithLocation() {
        ProcessOutcome ok = run("'use strict';\nvar total = 0;\nfor (var i = 0; i < 5; i++) { total += i; }\n"
                + "function self() { return this; }\nDOMO.log('total=' + total + ' this=' + self());");
        assertNull(ok.error());
        assertEquals(List.of("total=10 this=undefined"), ok.log());

        ProcessOutcome bad = run("'use strict';\nvar a = 1;\nundeclared = 5;");
        assertEquals(new ScriptError(Kind.RUNTIME, "ReferenceError: undeclared is not defined", "process.js", 3, 1, null), bad.error());
    }

    @Test
    void es2022ScriptRuns() {
        ProcessOutcome ok = run("""
                class Counter { #n = 0; static #made = 0; static { Counter.kind = 'counter'; }
                  inc() { this.#n++; return this; } get value() { return this.#n; } }
                const c = new Counter().inc().inc();
                const cfg = { nested: null };
                const rows = [1, 2, 3];
                DOMO.log(`${Counter.kind} ${c.value} ${cfg.nested?.deep ?? 'none'} ${rows.at(-1)} ${Object.hasOwn(cfg, 'nested')} ${2n ** 64n}`);
                for (const [k, v] of Object.entries({ a: 1 })) { console.log(k, v); }
                """);
        assertNull(ok.error());
        assertEquals(List.of("counter 2 none 3 true 18446744073709551616", "a 1"), ok.log());
    }

    @Test
    void mathRandomIsDrawnFromEachRunsOwnSeed() {
        String script = "var d = Object.getOwnPropertyDescriptor(Math, 'random');\n"
                + "var xs = []; for (var i = 0; i < 1000; i++) xs.push(Math.random());\n"
                + "var inRange = xs.every(function (x) { return typeof x === 'number' && x >= 0 && x < 1; });\n"
                + "DOMO.log(d.writable + ' ' + d.enumerable + ' ' + d.configurable + ' ' + Math.random.name + ' ' + inRange"
                + " + ' ' + new Set(xs).size);\n"
                + "DOMO.log(xs.slice(0, 3).join(','));";
        AtomicLong seeds = new AtomicLong(7);
        try (GraalScriptRunner seeded = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults(),
                () -> seeds.get())) {
            ProcessOutcome first = seeded.process(js(script), input());
            ProcessOutcome sameSeed = seeded.process(js(script), input());
            seeds.set(8);
            ProcessOutcome otherSeed = seeded.process(js(script), input());
            assertNull(first.error());
            assertEquals("true false true random true 1000", first.log().get(0),
                    "the standard descriptor, fresh numbers in [0, 1)");
            assertEquals(first.log().get(1), sameSeed.log().get(1), "the sequence is the seed's, not GraalJS's own");
            assertNotEquals(first.log().get(1), otherSeed.log().get(1));
        }
    }

    @Test
    void thrownErrorKeepsTheAuthorsMessageAndLine() {
        ProcessOutcome out = run("var x = 1;\n\nfunction fail() {\n  throw new Error(\"boom\");\n}\nfail();");
        assertEquals(Kind.RUNTIME, out.error().kind());
        assertEquals("boom", out.error().message());
        assertEquals("process.js", out.error().script());
        assertEquals(4, out.error().line());
        assertEquals(9, out.error().column());
        assertEquals("process.js:4:9: boom", out.error().describe());

        assertEquals("TypeError: bad type", run("throw new TypeError('bad type');").error().message());
        assertEquals("plain string", run("throw 'plain string';").error().message());
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class,
                () -> runner.checkSyntax(new ScriptSource("auth.js", "var ok = 1;\nvar broken = ;\n")));
        assertEquals(Kind.SYNTAX, e.error().kind());
        assertEquals("auth.js", e.error().script());
        assertEquals(2, e.error().line());
        assertEquals(14, e.error().column());
        assertTrue(e.getMessage().startsWith("auth.js:2:14: "), e.getMessage());
        assertEquals("auth.js:2:14: SyntaxError: Expected an operand but found ;", e.getMessage(),
                "the location is said once, 1-based");
        runner.checkSyntax(js("const ok = () => 1; class A { #x = 1 }"));

        ProcessOutcome atRun = run("var a = {;");
        assertEquals(Kind.SYNTAX, atRun.error().kind());
        assertEquals(1, atRun.error().line());
    }

    @Test
    void aSyntaxErrorThrownWhileTheScriptRunsIsARuntimeError() {
        ProcessOutcome json = run("var ok = 1;\nJSON.parse('[{\"a\":');");
        assertEquals(Kind.RUNTIME, json.error().kind(), json.error().describe());
        assertTrue(json.error().message().startsWith("SyntaxError: "), json.error().message());
        assertEquals(2, json.error().line());

        ProcessOutcome magic = run("datagrid.magicParseJSON('');");
        assertEquals(Kind.RUNTIME, magic.error().kind(), magic.error().describe());
        assertEquals(Kind.RUNTIME, run("eval('var a = {;');").error().kind());
    }

    @Test
    void infiniteLoopHitsTheStatementLimitAndTheEngineStaysUsable() {
        ProcessOutcome out = run("DOMO.log('start');\nwhile (true) { }");
        assertEquals(Kind.LIMIT, out.error().kind(), out.error().toString());
        assertEquals("script exceeded the statement limit of 300000 statements", out.error().message());
        assertEquals(List.of("start"), out.log());
        assertStillWorks();
    }

    @Test
    void aRejectionNobodyHandlesFailsTheRunWithItsMessageAndLine() {
        ProcessOutcome asyncThrow = run("async function load() {\n  await null;\n  throw new Error('async boom');\n}\nload();");
        assertEquals(new ScriptError(Kind.RUNTIME, "async boom", "process.js", 3, 9, null), asyncThrow.error());

        ProcessOutcome rejected = run("DOMO.log('before');\nPromise.reject(new TypeError('nope'));\nDOMO.log('after');");
        assertEquals(Kind.RUNTIME, rejected.error().kind());
        assertEquals("TypeError: nope", rejected.error().message());
        assertEquals(2, rejected.error().line());
        assertEquals(List.of("before", "after"), rejected.log(), "the top level runs to its end first");

        assertEquals("Unhandled promise rejection: plain", run("Promise.reject('plain');").error().message());

        ProcessOutcome handled = run("""
                var p = Promise.reject(new Error('handled later'));
                Promise.resolve().then(function () { p.catch(function (e) { DOMO.log('caught ' + e.message); }); });
                (async function () { try { await Promise.reject(new Error('x')); } catch (e) { DOMO.log('awaited ' + e.message); } })();
                Promise.resolve(1).then(function (v) { DOMO.log('then ' + v); });
                """);
        assertNull(handled.error(), String.valueOf(handled.error()));
        assertEquals(List.of("awaited x", "caught handled later", "then 1"), handled.log().stream().sorted().toList());
        assertStillWorks();
    }

    @Test
    void promiseJobsRunAfterTheTopLevelAndCountAgainstTheLimits() {
        ProcessOutcome jobs = run("Promise.resolve().then(function () { datagrid.addColumn('a', 'STRING'); datagrid.addCell('x'); "
                + "datagrid.endRow(); });\nDOMO.log('top');");
        assertNull(jobs.error());
        assertEquals(1, jobs.grid().rows().size(), "the job queue is drained before the outcome is taken");

        ProcessOutcome loop = run("function f() { Promise.resolve().then(f); }\nf();");
        assertEquals(Kind.LIMIT, loop.error().kind(), String.valueOf(loop.error()));
        assertEquals("script exceeded the statement limit of 300000 statements", loop.error().message());
        assertStillWorks();

        try (GraalScriptRunner big = new GraalScriptRunner(ScriptLimits.defaults().withStatementLimit(Long.MAX_VALUE / 2), HttpPolicy.defaults())) {
            ProcessOutcome out = big.process(js("function f() { Promise.resolve().then(f); }\nf();"), Inputs.withDeadline(Duration.ofMillis(300)));
            assertEquals(Kind.DEADLINE, out.error().kind(), String.valueOf(out.error()));
            ProcessOutcome after = big.process(js("DOMO.log('after');"), Inputs.withDeadline(Duration.ofSeconds(20)));
            assertNull(after.error());
        }
    }

    @Test
    void deadlineStopsALoopThatTheStatementLimitWouldAllow() {
        try (GraalScriptRunner big = new GraalScriptRunner(ScriptLimits.defaults().withStatementLimit(Long.MAX_VALUE / 2), HttpPolicy.defaults())) {
            ProcessOutcome out = big.process(js("var i = 0;\nfor (;;) { i++; }"), Inputs.withDeadline(Duration.ofMillis(300)));
            assertEquals(Kind.DEADLINE, out.error().kind());
            assertTrue(out.error().message().startsWith("script exceeded its deadline"), out.error().message());
            ProcessOutcome after = big.process(js("DOMO.log('after');"), Inputs.withDeadline(Duration.ofSeconds(20)));
            assertNull(after.error());
            assertEquals(List.of("after"), after.log());
        }
    }

    @Test
    void sleepIsBoundedByTheDeadlineAndCannotBeCaught() {
        ProcessOutcome out = runner.process(js("try { DOMO.sleep(60000); } catch (e) { DOMO.log('caught'); }\nwhile (true) {}"),
                Inputs.withDeadline(Duration.ofMillis(200)));
        assertEquals(Kind.DEADLINE, out.error().kind());
        assertStillWorks();
    }

    @Test
    void deepRecursionIsAClearErrorAndHostEscapesAreNotReachable() {
        assertEquals("RangeError: Maximum call stack size exceeded", run("function f(n) { return f(n + 1) + 1; }\nf(0);").error().message());
        assertEquals("ReferenceError: Java is not defined", run("Java.type('java.lang.System').exit(1);").error().message());
        assertEquals("ReferenceError: load is not defined", run("load('/etc/passwd');").error().message());
        assertEquals("ReferenceError: require is not defined", run("require('fs');").error().message());
        assertEquals("ReferenceError: Java is not defined", run("(0, eval)('this.constructor.constructor(\"return Java\")()').type('x');").error().message());
        assertEquals("ReferenceError: http is not defined", run("httprequest.get.constructor('return http')();").error().message());
        ProcessOutcome names = run("DOMO.log([typeof Java, typeof Graal, typeof Polyglot, typeof Packages, typeof java, typeof process, "
                + "typeof print, typeof load, typeof quit, typeof read, typeof http, typeof domo].join(','));");
        assertEquals(List.of(String.join(",", Collections.nCopies(12, "undefined"))), names.log());
        assertStillWorks();
    }

    @Test
    void hugeStringsAndArraysFailWithAClearErrorNotAnOutOfMemory() {
        ProcessOutcome doubling = run("var s = 'x';\nwhile (true) { s = s + s; }");
        assertEquals(new ScriptError(Kind.LIMIT, "script exceeded the longest string allowed (1048576 characters): RangeError: Invalid string length",
                "process.js", 2, 20, null), doubling.error());
        assertEquals("RangeError: Invalid typed array length: 2000000", run("new Uint8Array(2000000);").error().message());
        assertEquals("RangeError: Invalid array length", run("var a = new Array(Math.pow(2, 32));").error().message());
        assertEquals(Kind.LIMIT, run("var a = []; for (;;) { a.push(a.length); }").error().kind());
        assertStillWorks();
    }

    @Test
    void logIsCappedWithAMarkerAndTheRunStillSucceeds() {
        try (GraalScriptRunner small = new GraalScriptRunner(ScriptLimits.defaults().withMaxLogBytes(40), HttpPolicy.defaults())) {
            ProcessOutcome out = small.process(js("for (var i = 0; i < 100; i++) { DOMO.log('line ' + i); }"), input());
            assertNull(out.error());
            assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4",
                    "[log truncated: the run reached its log limit of 40 bytes; later lines were dropped]"), out.log());
        }
    }

    @Test
    void datagridIsCappedAndMarkedTruncated() {
        try (GraalScriptRunner small = new GraalScriptRunner(ScriptLimits.defaults().withGrid(3, 1000), HttpPolicy.defaults())) {
            ProcessOutcome out = small.process(js("datagrid.addColumn('n', datagrid.DATA_TYPE_INTEGER);\n"
                    + "for (var i = 0; i < 5; i++) { datagrid.addCell(i); datagrid.endRow(); }"), input());
            assertNull(out.error());
            assertTrue(out.grid().truncated());
            assertEquals(List.of(List.of(0L), List.of(1L), List.of(2L)), out.grid().rows());
        }
    }

    @Test
    void secretsAreRedactedFromLogsAndErrors() {
        ScriptInput in = ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()))
                .account(Map.of("username", "ann", "password", "s3cr3t-pw")).redactions(Set.of("s3cr3t-pw")).build();
        ProcessOutcome out = runner.process(js("DOMO.log('pw=' + metadata.account.password);\n"
                + "console.log({ user: metadata.account.username, pw: metadata.account.password });\n"
                + "throw new Error('login failed for ' + metadata.account.password);"), in);
        assertEquals(List.of("pw=***", "{\"user\":\"ann\",\"pw\":\"***\"}"), out.log());
        assertEquals("login failed for ***", out.error().message());
    }

    @Test
    void aSecretTheScriptBase64EncodesIsRedactedFromTheLog() {
        ScriptInput in = ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()))
                .account(Map.of("username", "ann", "password", "s3cr3t-pw")).redactions(Set.of("s3cr3t-pw", "ann:s3cr3t-pw")).build();
        ProcessOutcome out = runner.process(js("var a = metadata.account;\n"
                + "DOMO.log('Basic ' + DOMO.b64EncodeUnicode(a.username + ':' + a.password));\n"
                + "DOMO.log('pw ' + DOMO.b64EncodeUnicode(a.password));"), in);
        assertEquals(List.of("Basic ***", "pw ***"), out.log());
    }

    @Test
    void metadataStateAndLoggingOfObjects() {
        ScriptInput in = ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()))
                .account(Map.of("apikey", "k-1", "instance", "acme")).report("Orders").parameters(Map.of("datasetId", "ds-1"))
                .baseUrl("https://api.domo.com").state(Map.of("cursor", "5")).build();
        ProcessOutcome out = runner.process(js("""
                DOMO.log(metadata.account.instance + ' ' + metadata.report + ' ' + metadata.parameters.datasetId + ' ' + metadata.baseurl);
                var cursor = Number(DOMO.getState('cursor'));
                DOMO.setState('cursor', cursor + 5);
                DOMO.setState('seen', { ids: [1, 2] });
                DOMO.log(DOMO.getState('missing'), { a: [1, 'b'], n: null }, undefined, 3.5, true);
                """), in);
        assertNull(out.error());
        assertEquals(List.of("acme Orders ds-1 https://api.domo.com", "null {\"a\":[1,\"b\"],\"n\":null} undefined 3.5 true"), out.log());
        assertEquals(Map.of("cursor", "10", "seen", "{\"ids\":[1,2]}"), out.state());
    }

    @Test
    void encodingDigestsAndXml() {
        ProcessOutcome out = run("""
                var msg = 'The quick brown fox jumps over the lazy dog';
                DOMO.log(DOMO.b64EncodeUnicode('ann:pässwörd ✓'));
                DOMO.log(DOMO.b64DecodeUnicode(DOMO.b64EncodeUnicode('ann:pässwörd ✓')));
                DOMO.log(DOMO.hmacSHA1(msg, 'key'));
                DOMO.log(DOMO.hmacSHA256(msg, 'key'));
                DOMO.log(DOMO.md5(msg));
                DOMO.log(DOMO.parseXML('<BirthdayList><Entry id="1"><Name>Ann</Name><Day>03-01</Day></Entry>'
                  + '<Entry id="2"><Name>Bob</Name><Day/></Entry><Note lang="en">hi</Note></BirthdayList>'));
                """);
        assertNull(out.error());
        assertEquals(List.of(
                Base64.getEncoder().encodeToString("ann:pässwörd ✓".getBytes(StandardCharsets.UTF_8)),
                "ann:pässwörd ✓",
                "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
                "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                "9e107d9d372bb6826bd81d3542a419d6",
                "{\"BirthdayList\":{\"Entry\":[{\"id\":\"1\",\"Name\":\"Ann\",\"Day\":\"03-01\"},{\"id\":\"2\",\"Name\":\"Bob\",\"Day\":\"\"}],"
                        + "\"Note\":{\"lang\":\"en\",\"content\":\"hi\"}}}"), out.log());
        assertEquals("DOMO.parseXML: the text is not well-formed XML: The element type \"b\" must be terminated by the matching end-tag \"</b>\".",
                run("DOMO.parseXML('<a><b></a');").error().message());
        assertEquals(Kind.RUNTIME, run("DOMO.parseXML('<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>');").error().kind());
    }

    @Test
    void dateSelectorValuesBecomeIsoDates() {
        Clock fixed = Clock.fixed(Instant.parse("2024-03-10T15:00:00Z"), ZoneOffset.UTC);
        ScriptInput in = ScriptInput.builder(Deadline.after(Duration.ofDays(1), fixed))
                .parameters(Map.of("Range", "2024-01-01..2024-01-31", "Last week", "{\"start\":\"today-7\",\"end\":\"yesterday\"}")).build();
        ProcessOutcome out = runner.process(js("""
                var p = metadata.parameters;
                DOMO.log(DOMO.getStartDate(p['Range']) + ' ' + DOMO.getEndDate(p['Range']));
                DOMO.log(DOMO.getStartDate(p['Last week']) + ' ' + DOMO.getEndDate(p['Last week']));
                DOMO.log(DOMO.getStartDate({ startDate: '2024-02-01T10:00:00', endDate: 'today' }) + ' ' + DOMO.getEndDate('today'));
                DOMO.log(new Date(DOMO.getStartDate('2024-02-29')).getUTCDate());
                DOMO.getStartDate('next tuesday');
                """), in);
        assertEquals(List.of("2024-01-01 2024-01-31", "2024-03-03 2024-03-09", "2024-02-01 2024-03-10", "29"), out.log());
        assertEquals("DOMO.getStartDate: 'next tuesday' is not a date (use yyyy-MM-dd, today, yesterday or today-N)", out.error().message());
    }

    @Test
    void datagridBuildsTypedRowsAndMagicParsers() {
        ProcessOutcome out = run("""
                datagrid.addColumn('name', datagrid.DATA_TYPE_STRING);
                datagrid.addColumn('amount', datagrid.DATA_TYPE_DOUBLE);
                datagrid.addColumn('count', datagrid.DATA_TYPE_LONG);
                datagrid.addColumn('day', datagrid.DATA_TYPE_DATE);
                datagrid.addColumn('at', datagrid.DATA_TYPE_DATETIME);
                datagrid.addColumn('flag', 'BOOLEAN');
                datagrid.addCell('a'); datagrid.addCell(1); datagrid.addCell(2); datagrid.addCell('2024-01-02');
                datagrid.addCell(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))); datagrid.addCell(true); datagrid.endRow();
                datagrid.addCell(null); datagrid.addCell(2.5); datagrid.endRow();
                """);
        assertNull(out.error());
        assertEquals(List.of(new DataGrid.GridColumn("name", "STRING"), new DataGrid.GridColumn("amount", "DOUBLE"),
                new DataGrid.GridColumn("count", "LONG"), new DataGrid.GridColumn("day", "DATE"),
                new DataGrid.GridColumn("at", "DATETIME"), new DataGrid.GridColumn("flag", "STRING")), out.grid().columns());
        assertEquals(List.of(List.of("a", 1.0, 2L, "2024-01-02", "2024-01-02T03:04:05", true),
                Arrays.asList(null, 2.5, null, null, null, null)), out.grid().rows());
        assertFalse(out.grid().truncated());

        ProcessOutcome csv = run("datagrid.magicParseCSV('id,name,price,day\\n1,\"Smith, Ann\",2.50,2024-01-02\\n2,\"say \"\"hi\"\"\",,2024-01-03\\n');");
        assertNull(csv.error());
        assertEquals(List.of("DOUBLE", "STRING", "DOUBLE", "DATE"), csv.grid().columns().stream().map(DataGrid.GridColumn::type).toList());
        assertEquals(List.of(List.of(1.0, "Smith, Ann", 2.5, "2024-01-02"), Arrays.asList(2.0, "say \"hi\"", null, "2024-01-03")), csv.grid().rows());

        ProcessOutcome json = run("datagrid.magicParseJSON('[{\"Name\":\"Ann\",\"Data\":{\"Birthday\":\"1990-05-01\",\"Age\":34},\"Tags\":[\"a\"]},"
                + "{\"Name\":\"Bob\",\"Data\":{\"Age\":40}}]');");
        assertNull(json.error());
        assertEquals(List.of(new DataGrid.GridColumn("Name", "STRING"), new DataGrid.GridColumn("Data.Birthday", "DATE"),
                new DataGrid.GridColumn("Data.Age", "DOUBLE"), new DataGrid.GridColumn("Tags", "STRING")), json.grid().columns());
        assertEquals(List.of(List.of("Ann", "1990-05-01", 34.0, "[\"a\"]"), Arrays.asList("Bob", null, 40.0, null)), json.grid().rows());

        assertEquals("datagrid row 1 has more cells than the 1 columns; call datagrid.endRow() after the last cell of a row",
                run("datagrid.addColumn('a'); datagrid.addCell(1); datagrid.addCell(2);").error().message());
    }

    @Test
    void datagridErrorEndsTheRunEvenIfCaught() {
        ProcessOutcome out = run("var report = 'Bogus';\ndatagrid.error(0, report + ' is not a supported report.');\nDOMO.log('not reached');");
        assertEquals(new ScriptError(Kind.DATAGRID_ERROR, "Bogus is not a supported report.", "process.js", 2, 1, 0), out.error());
        assertEquals(List.of(), out.log());

        ProcessOutcome caught = run("try { datagrid.error('3', 'no rows'); } catch (e) { DOMO.log('caught ' + e.message); }");
        assertEquals(Kind.DATAGRID_ERROR, caught.error().kind());
        assertEquals(3, caught.error().code());
        assertEquals("no rows", caught.error().message());
        assertEquals(List.of("caught no rows"), caught.log());
    }

    static InMemoryDataPlane plane() {
        return new InMemoryDataPlane().add("ds-1", "Orders", List.of(new Column("name", DomoType.STRING), new Column("qty", DomoType.LONG),
                        new Column("price", DomoType.DOUBLE), new Column("total", DomoType.DECIMAL), new Column("day", DomoType.DATE),
                        new Column("at", DomoType.DATETIME)),
                List.of(List.of("Widget", 3L, 2.5, new BigDecimal("7.50"), LocalDate.of(2024, 1, 2), LocalDateTime.of(2024, 1, 2, 3, 4, 5)),
                        Arrays.asList("Gadget", null, null, null, null, null)));
    }

    @Test
    void queryDataReturnsDomosQueryShape() {
        InMemoryDataPlane plane = plane();
        ProcessOutcome out = runner.process(js("""
                DOMO.log(DOMO.queryData(metadata.parameters.datasetId, 'select * from tbl'));
                var ds = DOMO.getDataset('ds-1');
                DOMO.log(ds.name + ' ' + ds.rows + ' ' + ds.columns + ' ' + ds.owner.name + ' ' + ds.schema.columns[5].type);
                DOMO.log(ds.queryData('select * from tbl limit 1').rows[0][0]);
                DOMO.log(DOMO.listDatasets());
                DOMO.log(DOMO.listDatasetSummaries()[0].name);
                """), input(Map.of(), Map.of("datasetId", "ds-1"), plane));
        assertNull(out.error());
        assertEquals(List.of("{\"datasource\":\"ds-1\",\"columns\":[\"name\",\"qty\",\"price\",\"total\",\"day\",\"at\"],\"metadata\":["
                        + meta("STRING") + "," + meta("LONG") + "," + meta("DOUBLE") + "," + meta("DECIMAL") + "," + meta("DATE") + "," + meta("DATETIME")
                        + "],\"rows\":[[\"Widget\",3,2.5,7.5,\"2024-01-02\",\"2024-01-02T03:04:05\"],[\"Gadget\",null,null,null,null,null]],"
                        + "\"numRows\":2,\"numColumns\":6,\"fromcache\":false}",
                "Orders 2 6 Test Owner DATETIME", "Widget", "[\"ds-1\"]", "Orders"), out.log());
        assertEquals(List.of("select * from tbl", "select * from tbl limit 1"), plane.queries());

        ProcessOutcome missing = runner.process(js("DOMO.queryData('nope', 'select * from tbl');"), input(Map.of(), Map.of(), plane));
        assertEquals("DOMO.queryData: DataSet nope does not exist", missing.error().message());
    }

    private static String meta(String type) {
        return "{\"type\":\"" + type + "\",\"dataSourceId\":\"ds-1\",\"maxLength\":-1,\"minLength\":-1,\"periodIndex\":0}";
    }

    @Test
    void queryBatchesStreamsRowsAndClosesTheCursor() {
        InMemoryDataPlane plane = new InMemoryDataPlane().add("big", "Big", List.of(new Column("n", DomoType.LONG)), 2500, i -> new Object[] {i});
        ProcessOutcome out = runner.process(js("""
                var sizes = [], last;
                var total = DOMO.getDataset('big').queryBatches('select * from tbl', 1000, function (rows, info) {
                  sizes.push(info.batch + ':' + rows.length); last = rows[rows.length - 1][0];
                });
                DOMO.log(sizes.join(' ') + ' total=' + total + ' last=' + last);
                DOMO.queryBatches('big', 'select * from tbl', 10, function (rows) { return false; });
                DOMO.queryBatches('big', 'select * from tbl', 10, function (rows) { throw new Error('stop here'); });
                """), input(Map.of(), Map.of(), plane));
        assertEquals(List.of("0:1000 1:1000 2:500 total=2500 last=2499"), out.log());
        assertEquals("stop here", out.error().message());
        assertEquals(0, plane.openCursors());
    }

    @Test
    void dataMethodsAreRefusedWithoutADataPlane() {
        ProcessOutcome out = run("DOMO.getDataset('ds-1').queryData('select * from tbl');");
        assertEquals(Kind.SANDBOX, out.error().kind());
        assertEquals("DOMO.getDataset is not available here: only data-processing scripts may read DataSets", out.error().message());
    }

    @Test
    void authScriptOutcomes() {
        AuthOutcome ok = runner.authenticate(new ScriptSource("auth.js", "auth.authenticationSuccess();"), input());
        assertEquals(new AuthOutcome(true, null, null, List.of()), ok);
        AuthOutcome failed = runner.authenticate(new ScriptSource("auth.js", "auth.authenticationFailed('Invalid API key');"), input());
        assertEquals(new AuthOutcome(false, "Invalid API key", null, List.of()), failed);
        AuthOutcome neither = runner.authenticate(new ScriptSource("auth.js", "DOMO.log('checked');"), input());
        assertEquals(new AuthOutcome(false, "The authentication script ended without calling auth.authenticationSuccess() "
                + "or auth.authenticationFailed(message).", null, List.of("checked")), neither);
        AuthOutcome threw = runner.authenticate(new ScriptSource("auth.js", "auth.authenticationSuccess();\nnull.x;"), input());
        assertFalse(threw.authenticated());
        assertEquals(2, threw.error().line());
        assertEquals("TypeError: Cannot read property 'x' of null", threw.message());
    }
}
