package dev.writeback.writers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.writeback.core.output.OutputWriters;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptError;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.testing.InMemoryBlobStore;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.time.Deadline;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.HttpPolicy;
import dev.writeback.script.ScriptLimits;
import dev.writeback.testing.aws.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code DOMO.writeTo} end to end: a processing script in GraalJS, a streaming data plane, S3Proxy. */
class ScriptWriteToIT {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension("exports");
    static GraalScriptRunner runner;
    static StreamingOutputWriters writers;

    @BeforeAll
    static void start() {
        runner = new GraalScriptRunner(ScriptLimits.defaults(), HttpPolicy.defaults());
        writers = new StreamingOutputWriters(new InMemoryBlobStore(), WritersSettings.defaults()
                .withInternalTargets(Set.of("127.0.0.1:" + S3.endpoint().getPort())));
    }

    @AfterAll
    static void stop() {
        writers.close();
        runner.close();
    }

    static ScriptInput input(InMemoryDataPlane plane, OutputWriters w) {
        return ScriptInput.builder(Deadline.after(Duration.ofMinutes(1), Clock.systemUTC()))
                .account(Map.of("region", "us-east-1", "key", S3ProxyExtension.ACCESS_KEY, "secret", S3ProxyExtension.SECRET_KEY))
                .report("Default").parameters(Map.of("datasetId", "ds-1")).baseUrl("https://api.domo.com").dataPlane(plane)
                .redactions(Set.of(S3ProxyExtension.SECRET_KEY)).writers(w).build();
    }

    static String script(String body) {
        return """
                var a = metadata.account;
                var s3 = {type: 's3', bucket: '%s', region: a.region, accessKey: a.key, secretKey: a.secret,
                          endpoint: '%s'};
                """.formatted(S3.bucket(), S3.endpoint()) + body;
    }

    @Test
    void aScriptWritesAQueryToS3AndSeesTheSummary() {
        InMemoryDataPlane plane = Fixtures.plane();
        ProcessOutcome out = runner.process(new ScriptSource("process.js", script("""
                s3.key = 'script/{datasetName}.csv';
                var r = DOMO.getDataset(metadata.parameters.datasetId).writeTo('select * from tbl', {target: s3, format: {type: 'csv'}});
                DOMO.log(r.rows + ' rows, ' + r.bytes + ' bytes to ' + r.location + ', published ' + r.published);
                var again = DOMO.writeTo('ds-1', 'select * from tbl', {target: s3});
                """)), input(plane, writers.forRun("run-9")));

        assertNull(out.error());
        String csv = new String(S3.client().getObjectAsBytes(r -> r.bucket(S3.bucket()).key("script/Orders.csv")).asByteArray(),
                StandardCharsets.UTF_8);
        assertEquals(Fixtures.CSV, csv);
        assertEquals(List.of("5 rows, " + csv.length() + " bytes to s3://" + S3.bucket() + "/script/Orders.csv, published true"), out.log());
        assertEquals(10, out.rowsWritten());
        assertEquals(2L * csv.length(), out.http().bytesSent());
        assertEquals(0, plane.openCursors());
    }

    @Test
    void aBadOptionNamesTheFieldAndTheScriptMayCatchIt() {
        ProcessOutcome out = runner.process(new ScriptSource("process.js", script("""
                try { DOMO.writeTo('ds-1', 'select * from tbl', {target: s3, format: {type: 'xml'}}); }
                catch (e) { DOMO.log('caught: ' + e.message); }
                s3.key = 'x.csv';
                DOMO.writeTo('ds-1', 'select * from tbl', {target: s3, format: {delimiter: ';;'}});
                """)), input(Fixtures.plane(), writers.forRun("run-9")));

        assertEquals(List.of("caught: DOMO.writeTo: target.key is required"), out.log());
        assertEquals(ScriptError.Kind.RUNTIME, out.error().kind());
        assertEquals("DOMO.writeTo: format.delimiter must be a single character", out.error().message());
        assertEquals(7, out.error().line()); // the 4th line after the 3-line preamble
    }

    @Test
    void badDeliveryOptionsOfAnHttpTargetAreScriptErrorsAtTheirLine() {
        ProcessOutcome out = runner.process(new ScriptSource("process.js", script("""
                var http = {type: 'http', url: 'https://ingest.example.com/rows'};
                try { DOMO.writeTo('ds-1', 'select * from tbl', {target: Object.assign({concurrency: 33}, http)}); }
                catch (e) { DOMO.log('caught: ' + e.message); }
                try { DOMO.writeTo('ds-1', 'select * from tbl', {target: Object.assign({concurrency: 1.5}, http)}); }
                catch (e) { DOMO.log('caught: ' + e.message); }
                DOMO.writeTo('ds-1', 'select * from tbl', {target: Object.assign({maxRequestsPerSecond: 0}, http)});
                """)), input(Fixtures.plane(), writers.forRun("run-9")));

        assertEquals(List.of("caught: DOMO.writeTo: target.concurrency must be between 1 and 32 (got 33)",
                "caught: DOMO.writeTo: target.concurrency must be a whole number"), out.log());
        assertEquals(ScriptError.Kind.RUNTIME, out.error().kind());
        assertEquals("DOMO.writeTo: target.maxRequestsPerSecond must be a number above 0 and at most 10000 (got 0)",
                out.error().message());
        assertEquals(9, out.error().line());
    }

    @Test
    void withoutWritersTheScriptIsToldWhy() {
        ProcessOutcome out = runner.process(new ScriptSource("process.js", script("""
                DOMO.writeTo('ds-1', 'select * from tbl', {target: s3});
                """)), input(Fixtures.plane(), null));

        assertEquals(ScriptError.Kind.SANDBOX, out.error().kind());
        assertEquals("DOMO.writeTo is not available here: only data-processing scripts of a run may use the built-in writers",
                out.error().message());
        assertEquals(0, out.rowsWritten());
    }
}
