package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.changes.ChangeSet;
import dev.writeback.core.changes.Incremental;
import dev.writeback.core.changes.JobChanges;
import dev.writeback.core.changes.WriteMode;
import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.job.Job;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.Target;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code DOMO.getChanges()} and {@code DOMO.writeTo} over the change query of a CHANGES job, on a recording OutputWriters. */
class ChangesBindingTest {
    static GraalScriptRunner runner;
    static final List<Column> SCHEMA = List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING));
    final List<String> sent = new ArrayList<>();
    final InMemoryDataPlane plane = new InMemoryDataPlane();
    ChangeSet changes;

    /** Writes down each request's method and rows. */
    final OutputWriters recording = (spec, rows) -> {
        List<String> got = new ArrayList<>();
        while (rows.next()) {
            got.add(Arrays.toString(rows.row()));
        }
        String method = spec.target() instanceof Target.Http h ? h.method() : "S3";
        sent.add(method + " " + got);
        return new WriteSummary(got.size(), 10L * got.size(), "somewhere", 0, null, true);
    };

    @BeforeAll
    static void start() {
        runner = GraalScriptRunner.create();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @BeforeEach
    void twoRuns() {
        JobChanges jobChanges = new JobChanges(new InMemoryBlobStore());
        Job job = new Job("job-1", "acme", "uma", "con-1", 1, "acc-1", "Job", null, Map.of("datasetId", "ds-1"), null, null, null,
                Instant.EPOCH, Instant.EPOCH, 1, null, null, null, null, null, new Incremental(WriteMode.CHANGES, List.of("id"), null, null));
        plane.add("ds-1", "Orders", SCHEMA, List.of(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "c")));
        try (ChangeSet first = jobChanges.prepare(job, "ds-1", "run-1", plane, () -> { }, new StringBuilder())) {
            jobChanges.commit(first);
        }
        plane.add("ds-1", "Orders", SCHEMA, List.of(List.of(1L, "a"), List.of(3L, "C"), List.of(4L, "d")));
        changes = jobChanges.prepare(job, "ds-1", "run-2", plane, () -> { }, new StringBuilder());
    }

    @AfterEach
    void close() {
        changes.close();
    }

    ProcessOutcome run(String code, ChangeSet set) {
        return runner.process(Inputs.js(code), ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()))
                .dataPlane(plane).writers(recording.forRun("run-2")).changes(set).build());
    }

    static final String HTTP = "{type:'http', url:'https://api.example.com/orders'}";

    @Test
    void getChangesGivesTheAddedChangedAndRemovedRowsAsObjectsWithTheirCounts() {
        ProcessOutcome out = run("var c = DOMO.getChanges(); DOMO.log(JSON.stringify(c));"
                + " DOMO.log(DOMO.queryData('ds-1', 'select * from tbl').numRows);", changes);

        assertNull(out.error());
        assertEquals(List.of("{\"writeMode\":\"CHANGES\",\"datasetId\":\"ds-1\",\"changeQuery\":\"select * from tbl\",\"keyColumns\":[\"id\"],"
                + "\"added\":[{\"id\":4,\"name\":\"d\"}],\"changed\":[{\"id\":3,\"name\":\"C\"}],\"removed\":[{\"id\":2}],"
                + "\"counts\":{\"added\":1,\"changed\":1,\"removed\":1,\"unchanged\":1},\"reset\":false}", "3"), out.log());
    }

    @Test
    void writeToOverTheChangeQuerySendsOnlyTheDifferenceAndDeletesRemovedKeysWhenAsked() {
        ProcessOutcome out = run("var r = DOMO.writeTo('ds-1', 'select * from tbl', {target: " + HTTP + ", deleteRemoved: true});"
                + " DOMO.log(JSON.stringify(r));"
                + " DOMO.writeTo('ds-1', 'select * from tbl limit 10', {target: " + HTTP + "});", changes);

        assertNull(out.error());
        assertEquals(List.of("POST [[4, d], [3, C]]", "DELETE [[2]]", "POST [[1, a], [3, C], [4, d]]"), sent);
        assertEquals(List.of("[changes] DOMO.writeTo sent the 1 added and 1 changed rows of the change query (writeMode CHANGES)",
                "[changes] DOMO.writeTo sent 1 removed keys as DELETE https://api.example.com/orders",
                "{\"rows\":2,\"bytes\":30,\"location\":\"somewhere\",\"rejected\":0,\"published\":true,\"removed\":1}"), out.log());
        assertEquals(6, out.rowsWritten());
    }

    @Test
    void deleteRemovedIsRefusedWhereItCannotMeanAnything() {
        ProcessOutcome s3 = run("DOMO.writeTo('ds-1', 'select * from tbl', {deleteRemoved: true, target: {type:'s3', bucket:'b',"
                + " key:'k', region:'us-east-1', accessKey:'AK', secretKey:'SK'}});", changes);
        assertEquals("DOMO.writeTo: deleteRemoved is for http targets; an s3 or sftp target is rewritten whole", s3.error().message());

        ProcessOutcome otherQuery = run("DOMO.writeTo('ds-1', 'select * from tbl limit 5', {deleteRemoved: true, target: " + HTTP + "});", changes);
        assertEquals("DOMO.writeTo: deleteRemoved is for the change query of a job whose writeMode is CHANGES (CHANGES, change"
                + " query: select * from tbl)", otherQuery.error().message());
        assertEquals(List.of(), sent);
    }

    @Test
    void inWriteModeAllGetChangesSaysWhereTheRowsAre() {
        ProcessOutcome out = run("DOMO.getChanges();", null);

        assertEquals(ScriptError.Kind.RUNTIME, out.error().kind());
        assertEquals("DOMO.getChanges is for jobs whose writeMode is CHANGES or APPEND; this run sends every row (writeMode ALL):"
                + " read it with DOMO.queryData", out.error().message());
        assertEquals(1, out.error().line());
    }
}
