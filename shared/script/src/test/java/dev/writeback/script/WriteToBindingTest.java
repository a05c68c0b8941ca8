package dev.writeback.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.output.WriteSpec;
import dev.writeback.core.output.WriteSummary;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code DOMO.writeTo} binding over a recording OutputWriters (the real writers are tested in writeback-writers). */
class WriteToBindingTest {
    static GraalScriptRunner runner;
    final List<String> calls = new ArrayList<>();
    final InMemoryDataPlane plane = new InMemoryDataPlane().add("ds-1", "Orders",
            List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING)), List.of(List.of(1L, "a"), List.of(2L, "b")));

    /** Counts the rows it is given and says where they went. */
    final OutputWriters recording = (spec, rows) -> {
        long n = 0;
        while (rows.next()) {
            n++;
        }
        calls.add(spec.runId() + " " + spec.datasetName() + " " + spec.target() + " " + spec.format().extension());
        return new WriteSummary(n, 42, "s3://b/k", 0, null, true);
    };

    @BeforeAll
    static void start() {
        runner = GraalScriptRunner.create();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    ProcessOutcome run(String code, OutputWriters writers) {
        return runner.process(Inputs.js(code), ScriptInput.builder(Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()))
                .dataPlane(plane).redactions(Set.of("s3cr3t")).writers(writers).build());
    }

    static final String S3 = "{type:'s3', bucket:'b', key:'k', region:'us-east-1', accessKey:'AK', secretKey:'s3cr3t'}";

    @Test
    void writeToStreamsTheQueryAndCountsRowsAndBytes() {
        ProcessOutcome out = run("var r = DOMO.writeTo('ds-1', 'select * from tbl', {target: " + S3 + ", format: {type:'csv', gzip:true}});\n"
                + "DOMO.log(JSON.stringify(r));", recording.forRun("run-1"));

        assertNull(out.error());
        assertEquals(List.of("run-1 Orders S3[bucket=b, key=k, region=us-east-1, endpoint=null] csv.gz"), calls);
        assertEquals(List.of("{\"rows\":2,\"bytes\":42,\"location\":\"s3://b/k\",\"rejected\":0,\"published\":true}"), out.log());
        assertEquals(2, out.rowsWritten());
        assertEquals(42, out.http().bytesSent());
        assertEquals(0, plane.openCursors());
    }

    @Test
    void badOptionsNameTheField() {
        ProcessOutcome out = run("DOMO.getDataset('ds-1').writeTo('select * from tbl', {target: {type:'ftp'}});", recording);

        assertEquals(ScriptError.Kind.RUNTIME, out.error().kind());
        assertEquals("DOMO.writeTo: target.type must be one of s3, http, sftp (got 'ftp')", out.error().message());
        assertEquals(List.of(), calls);
    }

    @Test
    void aFailingTargetIsAnErrorWithoutSecretsAndTheCursorIsClosed() {
        OutputWriters failing = (WriteSpec spec, RowCursor rows) -> {
            rows.next();
            throw new UpstreamException("S3 refused s3cr3t: access denied");
        };
        ProcessOutcome out = run("DOMO.writeTo('ds-1', 'select * from tbl', {target: " + S3 + "});", failing);

        assertEquals("DOMO.writeTo: S3 refused ***: access denied", out.error().message());
        assertEquals(0, plane.openCursors());
    }

    @Test
    void withoutWritersTheScriptIsToldWhy() {
        ProcessOutcome out = run("DOMO.writeTo('ds-1', 'select * from tbl', {target: " + S3 + "});", null);

        assertEquals(ScriptError.Kind.SANDBOX, out.error().kind());
        assertEquals("DOMO.writeTo is not available here: only data-processing scripts of a run may use the built-in writers",
                out.error().message());
    }

}
