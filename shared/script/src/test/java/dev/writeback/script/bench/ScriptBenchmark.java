package dev.writeback.script.bench;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.net.LoopbackServer;
import dev.writeback.core.script.ProcessOutcome;
import dev.writeback.core.script.ScriptInput;
import dev.writeback.core.script.ScriptSource;
import dev.writeback.core.testing.InMemoryDataPlane;
import dev.writeback.core.time.Deadline;
import dev.writeback.script.GraalScriptRunner;
import dev.writeback.script.HttpPolicy;
import dev.writeback.script.ScriptLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints: engine start, a run (Context + host API + close) on a warm engine, the per-call cost of a host API call
 * against a plain JavaScript call, and rows/s turning 100k query rows into JSON request bodies of 1000 rows
 * (built only, and posted to a loopback server). Figures are for comparison within one run, not absolute.
 */
public final class ScriptBenchmark {
    private static final int ROWS = 100_000;

    public static void main(String[] args) throws Exception {
        AtomicLong received = new AtomicLong();
        LoopbackServer server = LoopbackServer.start(ex -> {
            try (ex) {
                received.addAndGet(LoopbackServer.body(ex).length);
                LoopbackServer.json(ex, 200, "{\"ok\":true}");
            }
        });
        String base = server.baseUri().toString();

        long t0 = System.nanoTime();
        try (GraalScriptRunner runner = new GraalScriptRunner(ScriptLimits.defaults(),
                HttpPolicy.defaults().withInternalTargets(Set.of(server.hostPort())))) {
            System.out.printf("engine + runner created: %.0f ms%n", ms(System.nanoTime() - t0));
            ScriptSource trivial = new ScriptSource("bench.js", "DOMO.log('x');");
            t0 = System.nanoTime();
            runner.process(trivial, input(null));
            System.out.printf("first run (cold context): %.0f ms%n", ms(System.nanoTime() - t0));

            for (int round = 1; round <= 3; round++) {
                int n = 200;
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    runner.process(trivial, input(null));
                }
                System.out.printf("round %d: run on a warm engine (new Context, host API, eval, close): %.2f ms/run%n", round, ms(System.nanoTime() - t0) / n);
            }

            int calls = 1_000_000;
            ScriptSource baseline = new ScriptSource("bench.js",
                    "var o = { addHeader: function (k, v) { this.k = k; this.v = v; } };\nfor (var i = 0; i < " + calls + "; i++) { o.addHeader('X-Key', 'v'); }");
            ScriptSource host = new ScriptSource("bench.js", "for (var i = 0; i < " + calls + "; i++) { httprequest.addHeader('X-Key', 'v'); }");
            ScriptSource log = new ScriptSource("bench.js", "for (var i = 0; i < " + calls / 10 + "; i++) { DOMO.log('row ' + i); }");
            for (int round = 1; round <= 3; round++) {
                double b = timed(runner, baseline);
                double h = timed(runner, host);
                double l = timed(runner, log);
                System.out.printf("round %d: httprequest.addHeader %.0f ns/call, plain JS call %.0f ns/call (host/JS = %.1fx), DOMO.log %.0f ns/call%n",
                        round, h * 1e6 / calls, b * 1e6 / calls, h / b, l * 1e6 / (calls / 10.0));
            }

            InMemoryDataPlane plane = new InMemoryDataPlane().add("ds", "Bench",
                    List.of(new Column("id", DomoType.LONG), new Column("name", DomoType.STRING), new Column("amount", DomoType.DOUBLE),
                            new Column("day", DomoType.DATE)),
                    ROWS, i -> new Object[] {i, "customer " + i, i * 1.25, LocalDate.of(2024, 1, 1).plusDays(i % 365)});
            String shape = """
                    function toObjects(columns, rows) {
                      return rows.map(function (r) { var o = {}; for (var c = 0; c < columns.length; c++) o[columns[c]] = r[c]; return o; });
                    }
                    """;
            ScriptSource build = new ScriptSource("bench.js", shape + """
                    var result = DOMO.getDataset('ds').queryData('select * from tbl');
                    var bytes = 0;
                    for (var i = 0; i < result.rows.length; i += 1000) {
                      bytes += JSON.stringify(toObjects(result.columns, result.rows.slice(i, i + 1000))).length;
                    }
                    DOMO.log(bytes);
                    """);
            ScriptSource post = new ScriptSource("bench.js", shape + """
                    httprequest.addHeader('Content-Type', 'application/json');
                    var result = DOMO.getDataset('ds').queryData('select * from tbl');
                    for (var i = 0; i < result.rows.length; i += 1000) {
                      httprequest.post('BASE/bulk', JSON.stringify(toObjects(result.columns, result.rows.slice(i, i + 1000))));
                    }
                    """.replace("BASE", base));
            ScriptSource stream = new ScriptSource("bench.js", shape + """
                    httprequest.addHeader('Content-Type', 'application/json');
                    DOMO.getDataset('ds').queryBatches('select * from tbl', 1000, function (rows, info) {
                      httprequest.post('BASE/bulk', JSON.stringify(toObjects(info.columns, rows)));
                    });
                    """.replace("BASE", base));
            for (int round = 1; round <= 3; round++) {
                double b = rows(runner, build, plane);
                double p = rows(runner, post, plane);
                double s = rows(runner, stream, plane);
                System.out.printf("round %d: 100k rows -> JSON bodies of 1000: built only %.0f rows/s; queryData + POST %.0f rows/s; "
                        + "queryBatches + POST %.0f rows/s%n", round, b, p, s);
            }
            System.out.printf("bytes received by the loopback server: %d%n", received.get());
        } finally {
            server.close();
        }
    }

    private static double timed(GraalScriptRunner runner, ScriptSource source) {
        long t0 = System.nanoTime();
        ProcessOutcome out = runner.process(source, input(null));
        if (out.error() != null) {
            throw new IllegalStateException(out.error().describe());
        }
        return ms(System.nanoTime() - t0);
    }

    private static double rows(GraalScriptRunner runner, ScriptSource source, InMemoryDataPlane plane) {
        long t0 = System.nanoTime();
        ProcessOutcome out = runner.process(source, input(plane));
        if (out.error() != null) {
            throw new IllegalStateException(out.error().describe());
        }
        return ROWS / (ms(System.nanoTime() - t0) / 1000);
    }

    private static ScriptInput input(InMemoryDataPlane plane) {
        return ScriptInput.builder(Deadline.after(Duration.ofMinutes(10), Clock.systemUTC())).dataPlane(plane).build();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private ScriptBenchmark() {
    }
}
