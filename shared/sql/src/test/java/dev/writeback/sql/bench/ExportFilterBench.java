package dev.writeback.sql.bench;

import dev.writeback.core.data.DataPlane;
import dev.writeback.core.data.DomoCredentials;
import dev.writeback.core.data.RowCursor;
import dev.writeback.core.time.Deadline;
import dev.writeback.domo.DomoClient;
import dev.writeback.domo.standin.DomoStandin;
import dev.writeback.sql.CalciteDataPlaneFactory;
import dev.writeback.sql.DomoLikeData;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;

/**
 * Export → filter ({@code where action = 'open'}) → CSV.gz, by this module (Domo stand-in over
 * HTTP on loopback, Calcite over the streamed CSV) and by DuckDB reading the same CSV file, in
 * one run. Prints rows/s (input rows scanned per second), peak Java heap, and the ratio.
 * Args: [rows (default 1000000)] [work dir (default target/bench)].
 */
public final class ExportFilterBench {

    private static final String SQL = "select * from tbl where action = 'open'";
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    record Measure(String name, double seconds, long rows, long heapBytes, long outRows) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-44s %7.2f s  %,12.0f rows/s  peak heap %5d MB  (%,d rows out)",
                    name, seconds, rowsPerSecond(), heapBytes >> 20, outRows);
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/bench");
        Files.createDirectories(dir);
        Path csv = DomoLikeData.write(dir.resolve("events-" + rows + ".csv"), rows);
        System.out.printf(Locale.ROOT, "CSV: %s, %,d rows, %,d MB; JVM max heap %d MB, %d CPUs%n", csv, rows,
                Files.size(csv) >> 20, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        CalciteDataPlaneFactory.warmUp();
        System.out.printf(Locale.ROOT, "Calcite warm-up (first query in this JVM): %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        try (DomoStandin standin = DomoStandin.builder().client("bench", "secret")
                .dataset(DomoLikeData.standin("events", csv, rows)).start()) {
            DomoCredentials creds = new DomoCredentials("bench", "secret", List.of("data"));
            CalciteDataPlaneFactory factory = new CalciteDataPlaneFactory(standin.baseUri());
            Path calciteOut = dir.resolve("calcite-out.csv.gz");
            Path duckOut = dir.resolve("duckdb-out.csv.gz");

            t0 = System.nanoTime();
            DataPlane warmPlane = factory.open(creds, Deadline.after(Duration.ofMinutes(10), Clock.systemUTC()));
            try (RowCursor c = warmPlane.openQuery("events", SQL + " and id < 10")) {
                while (c.next()) {
                    // the second query: planner warm, HTTP client and token fresh
                }
            }
            System.out.printf(Locale.ROOT, "second query (warm planner, whole export scanned): %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            for (int round = 1; round <= 2; round++) {
                System.out.println("-- round " + round);
                Measure http = measure("export only (HTTP read, bytes drained)", rows, () -> {
                    DomoClient client = DomoClient.builder().baseUri(standin.baseUri()).credentials(creds).build();
                    try (InputStream in = client.exportCsv("events")) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    return 0L;
                });
                Measure count = measure("export + parse + filter, count only", rows, () -> {
                    DataPlane plane = factory.open(creds, Deadline.none(Clock.systemUTC()));
                    return (Long) plane.query("events", "select count(*) from tbl where action = 'open'").rows().get(0).get(0);
                });
                Measure calcite = measure("Writeback: export + Calcite filter -> CSV.gz", rows, () -> {
                    DataPlane plane = factory.open(creds, Deadline.none(Clock.systemUTC()));
                    try (RowCursor c = plane.openQuery("events", SQL)) {
                        return writeCsvGz(c, calciteOut);
                    }
                });
                Measure duck = measure("DuckDB: read_csv file + filter -> CSV.gz", rows, () -> duckdb(csv, duckOut, true));
                Measure duckPlain = measure("DuckDB: read_csv file + filter -> CSV (no gzip)", rows,
                        () -> duckdb(csv, dir.resolve("duckdb-out.csv"), false));
                for (Measure m : List.of(http, count, calcite, duck, duckPlain)) {
                    System.out.println(m);
                }
                System.out.printf(Locale.ROOT, "ratio Writeback / DuckDB rows/s: %.2f (bar: 0.50)%n",
                        calcite.rowsPerSecond() / duck.rowsPerSecond());
            }
        }
    }

    private static Measure measure(String name, long rows, Callable<Long> job) throws Exception {
        System.gc();
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        long out = job.call();
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = HEAP.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Measure(name, s, rows, peak, out);
    }

    private static long duckdb(Path csv, Path out, boolean gzip) throws Exception {
        Files.deleteIfExists(out);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            String columns = "{'id': 'BIGINT', 'action': 'VARCHAR', 'user_name': 'VARCHAR', 'amount': 'DOUBLE', "
                    + "'price': 'DECIMAL(38,10)', 'day': 'DATE', 'ts': 'TIMESTAMP', 'note': 'VARCHAR'}";
            return st.executeUpdate("COPY (SELECT * FROM read_csv('" + csv.toAbsolutePath() + "', header = false, quote = '\"', "
                    + "escape = '\"', columns = " + columns + ") WHERE action = 'open') TO '" + out.toAbsolutePath()
                    + "' (FORMAT csv, HEADER false" + (gzip ? ", COMPRESSION gzip)" : ")"));
        }
    }

    /** Domo's CSV dialect: null as an empty field, strings quoted when they must be. */
    private static long writeCsvGz(RowCursor c, Path out) throws Exception {
        long n = 0;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(
                new BufferedOutputStream(Files.newOutputStream(out), 1 << 16), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            while (c.next()) {
                Object[] row = c.row();
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    Object v = row[i];
                    if (v instanceof String s) {
                        if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                            w.write('"');
                            w.write(s.replace("\"", "\"\""));
                            w.write('"');
                        } else {
                            w.write(s);
                        }
                    } else if (v != null) {
                        w.write(v.toString());
                    }
                }
                w.write('\n');
                n++;
            }
        }
        return n;
    }
}
